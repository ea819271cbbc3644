import os

AUTHOR = 'Lena Fischer'
SITENAME = 'Small Batch Python'
SITEURL = ''

PATH = 'content'
TIMEZONE = 'Europe/Vienna'
DEFAULT_LANG = 'en'

ARTICLE_URL = '{date:%Y}/{date:%m}/{slug}.html'
ARTICLE_SAVE_AS = '{date:%Y}/{date:%m}/{slug}.html'
ARTICLE_LANG_URL = '{date:%Y}/{date:%m}/{slug}-{lang}.html'
ARTICLE_LANG_SAVE_AS = ARTICLE_LANG_URL
STATIC_PATHS = ['images']

# Feed generation is usually not desired when developing
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None

THEME = os.path.join(os.path.dirname(__file__), 'themes', 'plain')
PLUGINS = ['sitemap']

DEFAULT_PAGINATION = 10
