"""Django's collectstatic over one tree; prints peak memory as JSON.

The storage is ManifestStaticFilesStorage, or the one named by a third argument (WhiteNoise's
whitenoise.storage.CompressedManifestStaticFilesStorage for the precompression benchmark)."""
import json
import resource
import sys

import django
from django.conf import settings

tree, out = sys.argv[1], sys.argv[2]
storage = sys.argv[3] if len(sys.argv) > 3 else 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'
options = dict(SECRET_KEY='bench', INSTALLED_APPS=['django.contrib.staticfiles'], STATIC_URL='/static/', STATIC_ROOT=out, STATICFILES_DIRS=[tree])
if django.VERSION >= (4, 2):
    options['STORAGES'] = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}, 'staticfiles': {'BACKEND': storage}}
else:
    options['STATICFILES_STORAGE'] = storage
settings.configure(**options)
django.setup()

from django.core.management import call_command  # noqa: E402

call_command('collectstatic', interactive=False, verbosity=0)
print(json.dumps({'maxRSSKiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'version': django.get_version()}))
