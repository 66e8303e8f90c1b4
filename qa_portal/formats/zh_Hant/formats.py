# Traditional Chinese (Taiwan) writes dates the way the site does in English: YYYY/MM/DD
# (the reference page's "2000/11/28"), so it takes the same formats.
from qa_portal.formats.en.formats import *  # noqa: F403
