"""English formats that differ from Django's own (django/conf/locale/en/formats.py).

Opening hours with the minutes always written, "8:00 a.m." and "12:30 p.m.", rather than
Django's "8 a.m." and "noon": a column of hours reads alike from line to line.
"""

TIME_FORMAT = "g:i a"
