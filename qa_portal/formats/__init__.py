"""Date and number formats shared by both languages (FORMAT_MODULE_PATH): the reference
page writes dates as 2000/11/28, so English and Traditional Chinese both use YYYY/MM/DD."""
