"""Spanish formats that differ from Django's own (django/conf/locale/es/formats.py).

Opening hours on the 12-hour clock usual in the Americas, written as in English
(clinic_site/formats/en/) but with the Real Academia Española's "8:00 a. m.": locale/es
gives "a. m." and "p. m." for Django's "a.m." and "p.m.", marked below so that
makemessages keeps them.
"""

from django.utils.translation import gettext_noop

TIME_FORMAT = "g:i a"

gettext_noop("a.m.")
gettext_noop("p.m.")
