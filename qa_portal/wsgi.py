import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qa_portal.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps and their models) lives as long as the worker:
# moved out of the collector's generations, it is no longer scanned again and again by the
# full collections that each request's garbage sets off.
gc.freeze()
