"""Bring a blog from WordPress or Blogger: `chanblog import wordpress|blogger EXPORT.xml`.

One stage a module: a reader (`wordpress`, `blogger`) streams an export into neutral
`records`, with bodies made Markdown by `html`; `writer` turns them into post files and
`authors` adds their writers to site.yaml; `run` holds the steps together.
"""
