from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kring.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in as allauth_logged_in
        from allauth.mfa.models import Authenticator
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from kring.accounts import receivers, sessions

        allauth_logged_in.connect(receivers.require_mfa_setup, dispatch_uid="kring.accounts.require_mfa_setup")
        user_logged_in.connect(sessions.start_session, dispatch_uid="kring.accounts.start_session")
        # allauth lists two-factor secrets and recovery codes in the admin: staff could read
        # them (and, with a password, take the account over). Django's admin has run
        # autodiscover by now (it comes earlier in INSTALLED_APPS).
        if admin.site.is_registered(Authenticator):
            admin.site.unregister(Authenticator)
