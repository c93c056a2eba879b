from kring.methods.catalogue import load_catalogue
from kring.methods.models import Method, Phase
from kring.site.matrix import Row, World, everyone_logged_in, expect, managers, viewers


def setup(world: World) -> None:
    load_catalogue()
    builtin = Method.objects.get(key="lvsc-zes-fasen")
    own = Method.objects.create(group=world.group, based_on=builtin, name="Eigen model", summary="Kort")
    phase = Phase.objects.create(method=own, order=0, title="Vragen", minutes=10)
    Phase.objects.create(method=own, order=1, title="Advies", minutes=10)
    world.extra.update(builtin_method=builtin, own_method=own, own_phase=phase)


_builtin = lambda w: {"method_id": w.extra["builtin_method"].pk}  # noqa: E731
_own = lambda w: {"method_id": w.extra["own_method"].pk}  # noqa: E731
_phase = lambda w: {"method_id": w.extra["own_method"].pk, "phase_id": w.extra["own_phase"].pk}  # noqa: E731

ROWS = [
    Row("methods:list", everyone_logged_in()),
    Row("methods:detail", everyone_logged_in(), kwargs=_builtin),
    Row("methods:detail", viewers(), kwargs=_own, query="?eigen"),
    Row("methods:copy", expect(302, 403, 302, 404, 302, 404, 403), kwargs=_builtin, method="post",
        data=lambda w: {"group": str(w.group.pk)}),
    Row("methods:edit", managers(), kwargs=_own),
    Row("methods:phase_add", managers(ok=302), kwargs=_own, method="post"),
    Row("methods:phase_edit", managers(), kwargs=_phase),
    Row("methods:phase_delete", managers(ok=302), kwargs=_phase, method="post"),
    Row("methods:phase_move", managers(ok=302), kwargs=_phase, method="post", data=lambda w: {"step": "down"}),
]
