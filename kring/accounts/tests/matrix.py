from kring.accounts.models import Register, Registration, Relation, RelationKind
from kring.site.matrix import Row, World, everyone_logged_in, expect

only_member = expect(302, 302, 404, 404, 404, 404, 404)


def setup(world: World) -> None:
    register = Register.objects.get_or_create(code="skj", defaults={"name": "SKJ"})[0]
    member = world.people["member"]
    world.extra["registration"] = Registration.objects.create(person=member, register=register, number="123")
    world.extra["relation"] = Relation.objects.create(
        declared_by=member, other=world.people["coordinator"], kind=RelationKind.AUTHORITY
    )


ROWS = [
    Row("accounts:profile", everyone_logged_in()),
    Row("accounts:relations", everyone_logged_in()),
    Row("accounts:add_registration", everyone_logged_in(302), method="post"),
    Row("accounts:remove_registration", only_member, method="post",
        kwargs=lambda w: {"registration_id": w.extra["registration"].pk}),
    Row("accounts:withdraw_relation", only_member, method="post",
        kwargs=lambda w: {"relation_id": w.extra["relation"].pk}),
]
