# English with the site's YYYY/MM/DD dates; the rest is Django's.
DATE_FORMAT = "Y/m/d"
SHORT_DATE_FORMAT = "Y/m/d"
DATETIME_FORMAT = "Y/m/d H:i"
SHORT_DATETIME_FORMAT = "Y/m/d H:i"
MONTH_DAY_FORMAT = "m/d"
YEAR_MONTH_FORMAT = "Y/m"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%Y/%m/%d", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d",
    "%Y-%m-%d",
]
