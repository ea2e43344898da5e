"""Settings shared by every environment. What differs between them is an environment variable."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from .environment import BASE_DIR, database, env, setting, strict_bool

SECRET_KEY = setting("DJANGO_SECRET_KEY")
DEBUG = setting("DJANGO_DEBUG", cast=strict_bool, default=False)
ALLOWED_HOSTS = setting("DJANGO_ALLOWED_HOSTS", cast=env.list, default=[])

INSTALLED_APPS = [
    "accounts.apps.SecureAdminConfig",  # django.contrib.admin with the second-factor site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "accounts.apps.ChangeHistoryConfig",  # auditlog, named in the user's language
    "accounts.apps.LockoutsConfig",  # axes, likewise
    "csp",
    "django_otp",
    "accounts.apps.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp, likewise
    "accounts.apps.BackupCodesConfig",  # django_otp.plugins.otp_static, likewise
    "core",
    "accounts",
    "clients",
    "consents",
    "requests",
    "retention",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.sessions.RenewIdleSessionMiddleware",
    "config.middleware.FinnishUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.middleware.NoStoreForSignedInMiddleware",
    # From here on the request is one transaction scoped to the user's registers (PostgreSQL
    # row-level security; core/scope.py).
    "core.scope.RegisterScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, so that a locked-out attempt never reaches a view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # The app's queries are short: PostgreSQL's JIT compilation, which starts above a planner cost
    # whatever the query's real size, took 100-3,000 ms for searches that run in 10 (issue 17).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

# The job engine (issue 23): Procrastinate, on the PostgreSQL the register already runs; its queue
# is a few tables in the same database. Its migrations are PostgreSQL only, so with SQLite (the
# demo's `make run`) it is not installed and the nightly run's jobs run in the process itself.
JOB_ENGINE = "postgresql" in DATABASES["default"]["ENGINE"]
if JOB_ENGINE:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("core"), "procrastinate.contrib.django")
PROCRASTINATE_IMPORT_PATHS = ["retention.jobs", "requests.jobs"]
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = ""  # `tasks.py` here is the task list, not jobs
# A worker takes one job at a time: a handoff is CPU (the client-file PDF), so one worker
# process per core, not threads.
PROCRASTINATE_WORKER_DEFAULTS = {"concurrency": 1, "listen_notify": True, "delete_jobs": "successful"}
RETENTION_WORKER_MAX_JOBS = setting("RETENTION_WORKER_MAX_JOBS", cast=env.int, default=500)
# A request's document listing more rows than this (service entries; access-log entries for an
# access-log report) is made by a job, not in the handler's request (requests/jobs.py).
REQUEST_DOCUMENT_JOB_ROWS = setting("REQUEST_DOCUMENT_JOB_ROWS", cast=env.int, default=500)
# A document job queued or running this long without finishing is offered again (its worker died).
REQUEST_DOCUMENT_JOB_STALE_MINUTES = 30

# Accounts -----------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "config.auth.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Second factor (django-otp TOTP, backup codes as static tokens). Every account that can see
# client data must pass it; only `make run`'s local settings may turn it off for the demo.
TWO_FACTOR_REQUIRED = True
OTP_TOTP_ISSUER = "Asiakasrekisteri"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
BACKUP_CODE_COUNT = 10

# Emergency access ("break-the-glass") to an unassigned client lasts this long.
EMERGENCY_ACCESS_HOURS = 4

# Idle timeout: activity renews the session; it also ends when the browser closes.
SESSION_COOKIE_AGE = setting("SESSION_IDLE_MINUTES", cast=env.int, default=30) * 60
# Renewed on activity, at most once a minute (config/sessions.py), not written on every page.
SESSION_ENGINE = "config.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The client's own pages (/oma/, portal/) -------------------------------------------------
# Strong identification through OpenID Connect providers (identity brokers). One provider from
# PORTAL_OIDC_ISSUER, PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_KEY_FILE; more with
# PORTAL_OIDC_PROVIDERS=name1,name2 and PORTAL_OIDC_<NAME>_ISSUER, ..._CLIENT_ID, ..._KEY_FILE,
# ..._LABEL, ..._IDENTITY_CLAIM, ..._SCOPE. No provider configured: the sign-in page says so.
def _portal_provider(prefix: str, label: str) -> dict[str, Any]:
    return {
        "label": setting(f"{prefix}LABEL", default=label),
        "issuer": setting(f"{prefix}ISSUER"),
        "client_id": setting(f"{prefix}CLIENT_ID"),
        "key_file": setting(f"{prefix}KEY_FILE"),
        "identity_claim": setting(f"{prefix}IDENTITY_CLAIM", default="hetu"),
        "scope": setting(f"{prefix}SCOPE", default="openid profile"),
    }


PORTAL_OIDC_PROVIDERS: dict[str, dict[str, Any]] = {}
if env.str("PORTAL_OIDC_ISSUER", default=""):
    PORTAL_OIDC_PROVIDERS["default"] = _portal_provider("PORTAL_OIDC_", "Strong identification")
for _name in setting("PORTAL_OIDC_PROVIDERS", cast=env.list, default=[]):
    PORTAL_OIDC_PROVIDERS[_name.lower()] = _portal_provider(f"PORTAL_OIDC_{_name.upper()}_", _name)
# Idle timeout of a client's sign-in on these pages (shorter than staff's).
PORTAL_IDLE_MINUTES = setting("PORTAL_IDLE_MINUTES", cast=env.int, default=15)
# DEMO ONLY: `make run`'s practice identity provider (portal/demo.py). Off here and in production;
# only config/settings/local.py allows it (the system check portal.E001 refuses it elsewhere).
PORTAL_DEMO_PROVIDER = False
PORTAL_DEMO_ALLOWED = False
PORTAL_DEMO_ISSUER_KEY_FILE = str(BASE_DIR / ".tmp" / "portal-demo-issuer-key.pem")
# Rate limits and lockout of the client's sign-in, per address (portal/limits.py).
PORTAL_RATE_WINDOW_MINUTES = 10
PORTAL_SIGN_IN_STARTS_PER_WINDOW = setting("PORTAL_SIGN_IN_STARTS_PER_WINDOW", cast=env.int, default=20)
PORTAL_SIGN_IN_FAILURE_LIMIT = 5
PORTAL_LOCKOUT_MINUTES = 30

# Lockout after repeated failures (django-axes).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
# Per account, from any address (a stolen password tried elsewhere stays locked), and per address
# (one machine trying many accounts is locked too).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Language and time ---------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# Files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Client documents live outside the web root and are served only through views.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = setting("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
MEDIA_URL = None  # never served directly
ARCHIVE_ROOT = setting("ARCHIVE_ROOT", default=str(BASE_DIR / "var" / "archive"))
# A statutory client is kept until two years after death (Act 703/2023): the register contact
# asks the population register for the dates of death of clients whose relationship ended at
# least this many years ago and who have no date of death (retention's /retention/deaths/).
RETENTION_DEATH_QUERY_YEARS = 5
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security headers ------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY: dict[str, dict[str, Any]] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Audit trail ---------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
AUDITLOG_MASK_CALLABLE = "core.audit.mask_fully"

# Email: the daily task digest (`manage.py task_digest`). SMTP in production (EMAIL_HOST and the
# rest from the environment); `make run` prints emails on the console; tests keep them in memory.
EMAIL_BACKEND = setting("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = setting("EMAIL_HOST", default="localhost")
EMAIL_PORT = setting("EMAIL_PORT", cast=env.int, default=587)
EMAIL_HOST_USER = setting("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = setting("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = setting("EMAIL_USE_TLS", cast=strict_bool, default=True)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = setting("DEFAULT_FROM_EMAIL", default="asiakasrekisteri@localhost")
# The address the links in emails point to (no request to take it from in a nightly command).
SITE_URL = setting("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
