from django.urls import path

from . import demo, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/<slug:provider>/", views.sign_in_start, name="sign_in"),
    path("callback/", views.callback, name="callback"),
    path("logout/", views.sign_out, name="sign_out"),
    path("jwks.json", views.jwks, name="jwks"),
    # DEMO ONLY: `make run`'s practice issuer (portal/demo.py); a 404 unless local settings allow it.
    path("demo/.well-known/openid-configuration", demo.configuration, name="demo_configuration"),
    path("demo/authorize/", demo.authorize, name="demo_authorize"),
    path("demo/token/", demo.token, name="demo_token"),
    path("demo/jwks.json", demo.jwks, name="demo_jwks"),
    path("<int:client_id>/", views.record, name="record"),
    path("<int:client_id>/log/", views.access_log, name="access_log"),
    path("<int:client_id>/consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:client_id>/prohibitions/", views.prohibition_add, name="prohibition_add"),
    path("<int:client_id>/prohibitions/<int:prohibition_id>/lift/", views.prohibition_lift,
         name="prohibition_lift"),
    path("<int:client_id>/email-lists/<int:subscriber_id>/unsubscribe/", views.unsubscribe, name="unsubscribe"),
    path("<int:client_id>/requests/new/", views.request_new, name="request_new"),
    path("<int:client_id>/questions/new/", views.question_new, name="question_new"),
    path("<int:client_id>/released/<int:release_id>/", views.released_download, name="released_download"),
]
