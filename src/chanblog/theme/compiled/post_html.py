from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'post.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'post.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_description(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_post = resolve('post')
    pass
    yield escape(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'summary'))

def block_og_type(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield 'article'

def block_twitter_card(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_post = resolve('post')
    l_0_social_card = resolve('social_card')
    pass
    yield escape(('summary_large_image' if (environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'image') or context.call((undefined(name='social_card') if l_0_social_card is missing else l_0_social_card), (undefined(name='post') if l_0_post is missing else l_0_post), _block_vars=_block_vars)) else 'summary'))

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_post = resolve('post')
    l_0_social_card = resolve('social_card')
    l_0_post_jsonld = resolve('post_jsonld')
    try:
        t_1 = environment.filters['absolute']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'absolute' found.")
    try:
        t_2 = environment.filters['isodate']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'isodate' found.")
    pass
    yield '<meta property="article:published_time" content="'
    yield escape(t_2(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'date')))
    yield '">\n<meta property="article:modified_time" content="'
    yield escape(t_2(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'last_modified')))
    yield '">\n'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'):
        pass
        yield '<meta name="author" content="'
        yield escape(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'), 'name'))
        yield '">'
    for l_1_tag in environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'tags'):
        _loop_vars = {}
        pass
        yield '<meta property="article:tag" content="'
        yield escape(environment.getattr(l_1_tag, 'name'))
        yield '">\n'
    l_1_tag = missing
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'image'):
        pass
        yield '<meta property="og:image" content="'
        yield escape(t_1(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'image')))
        yield '">\n<meta property="og:image:alt" content="'
        yield escape(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'title'))
        yield '">\n<meta name="twitter:image" content="'
        yield escape(t_1(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'image')))
        yield '">\n'
    elif context.call((undefined(name='social_card') if l_0_social_card is missing else l_0_social_card), (undefined(name='post') if l_0_post is missing else l_0_post), _block_vars=_block_vars):
        pass
        yield '<meta property="og:image" content="'
        yield escape(t_1(context.call((undefined(name='social_card') if l_0_social_card is missing else l_0_social_card), (undefined(name='post') if l_0_post is missing else l_0_post), _block_vars=_block_vars)))
        yield '">\n<meta property="og:image:type" content="image/png">\n<meta property="og:image:width" content="1200">\n<meta property="og:image:height" content="630">\n<meta property="og:image:alt" content="'
        yield escape(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'title'))
        yield '">\n<meta name="twitter:image" content="'
        yield escape(t_1(context.call((undefined(name='social_card') if l_0_social_card is missing else l_0_social_card), (undefined(name='post') if l_0_post is missing else l_0_post), _block_vars=_block_vars)))
        yield '">\n'
    yield '<script type="application/ld+json">\n'
    yield escape(context.call((undefined(name='post_jsonld') if l_0_post_jsonld is missing else l_0_post_jsonld), (undefined(name='post') if l_0_post is missing else l_0_post), _block_vars=_block_vars))
    yield '\n</script>\n'

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_post = resolve('post')
    l_0__ = resolve('_')
    l_0_gettext = resolve('gettext')
    l_0_series = resolve('series')
    l_0_site_url = resolve('site_url')
    l_0_config = resolve('config')
    l_0_ngettext = resolve('ngettext')
    l_0_share_url = l_0_share_title = missing
    try:
        t_1 = environment.filters['absolute']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'absolute' found.")
    try:
        t_3 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_4 = environment.filters['first_sentence']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'first_sentence' found.")
    try:
        t_2 = environment.filters['isodate']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'isodate' found.")
    try:
        t_5 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_6 = environment.filters['number']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'number' found.")
    try:
        t_7 = environment.filters['paragraphs']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'paragraphs' found.")
    try:
        t_8 = environment.filters['safe']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'safe' found.")
    try:
        t_9 = environment.filters['urlencode']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'urlencode' found.")
    try:
        t_10 = environment.tests['rtl']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No test named 'rtl' found.")
    pass
    yield '<article class="post" data-pagefind-body'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'lang'):
        pass
        yield ' lang="'
        yield escape(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'lang'))
        yield '"'
    if t_10(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'lang')):
        pass
        yield ' dir="rtl"'
    yield '>\n  <header>\n    <h1 data-pagefind-meta="title">'
    yield escape(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'title'))
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'draft'):
        pass
        yield ' <span class="badge">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'draft', _block_vars=_block_vars))
        yield '</span>'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'scheduled'):
        pass
        yield ' <span class="badge">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'scheduled', _block_vars=_block_vars))
        yield '</span>'
    yield '</h1>\n    <div data-pagefind-ignore data-pagefind-meta="date:'
    yield escape(t_3(context, environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'date')))
    yield '" data-pagefind-sort="date:'
    yield escape(t_2(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'date')))
    yield '">\n'
    template = environment.get_template('_byline.html', 'post.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'share_title': l_0_share_title, 'share_url': l_0_share_url}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '    </div>\n'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'updated'):
        pass
        yield '<p class="updated">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Updated <time datetime="%(iso)s">%(date)s</time>', iso=t_2(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'updated')), date=t_3(context, environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'updated')), _block_vars=_block_vars))
        yield '</p>'
    template = environment.get_template('_translations.html', 'post.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'share_title': l_0_share_title, 'share_url': l_0_share_url}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '  </header>\n'
    if (undefined(name='series') if l_0_series is missing else l_0_series):
        pass
        yield '  <nav class="series" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Series', _block_vars=_block_vars))
        yield '" data-pagefind-ignore>\n    <p>'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Part %(part)s of %(count)s in the series <a href="%(url)s">%(name)s</a>', part=t_6(context, environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'series_part')), count=t_6(context, t_5(environment.getattr((undefined(name='series') if l_0_series is missing else l_0_series), 'posts'))), url=environment.getattr((undefined(name='series') if l_0_series is missing else l_0_series), 'url'), name=environment.getattr((undefined(name='series') if l_0_series is missing else l_0_series), 'name'), _block_vars=_block_vars))
        yield '</p>\n    <ol>\n'
        for l_1_part in environment.getattr((undefined(name='series') if l_0_series is missing else l_0_series), 'posts'):
            _loop_vars = {}
            pass
            yield '      <li>'
            if (environment.getattr(l_1_part, 'url') == environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'url')):
                pass
                yield '<a href="'
                yield escape(environment.getattr(l_1_part, 'url'))
                yield '" aria-current="page">'
                yield escape(environment.getattr(l_1_part, 'title'))
                yield '</a>'
            else:
                pass
                yield '<a href="'
                yield escape(environment.getattr(l_1_part, 'url'))
                yield '">'
                yield escape(environment.getattr(l_1_part, 'title'))
                yield '</a>'
            yield '</li>\n'
        l_1_part = missing
        yield '    </ol>\n  </nav>\n'
    yield '  <div class="body">\n'
    yield escape(t_8(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'html')))
    yield '\n  </div>\n  <footer data-pagefind-ignore>\n'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'labels'):
        pass
        yield '<p class="terms">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Labels:', _block_vars=_block_vars))
        yield ' '
        for l_1_label in environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'labels'):
            _loop_vars = {}
            pass
            yield '<a href="'
            yield escape(environment.getattr(l_1_label, 'url'))
            yield '" data-pagefind-filter="label">'
            yield escape(environment.getattr(l_1_label, 'name'))
            yield '</a> '
        l_1_label = missing
        yield '</p>'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'tags'):
        pass
        yield '<p class="terms">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tags:', _block_vars=_block_vars))
        yield ' '
        for l_1_tag in environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'tags'):
            _loop_vars = {}
            pass
            yield '<a href="'
            yield escape(environment.getattr(l_1_tag, 'url'))
            yield '" data-pagefind-filter="tag">'
            yield escape(environment.getattr(l_1_tag, 'name'))
            yield '</a> '
        l_1_tag = missing
        yield '</p>'
    l_0_share_url = t_9(t_1(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'url')))
    _block_vars['share_url'] = l_0_share_url
    l_0_share_title = t_9(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'title'))
    _block_vars['share_title'] = l_0_share_title
    yield '    <nav class="share" aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Share this post', _block_vars=_block_vars))
    yield '">\n      <span>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Share:', _block_vars=_block_vars))
    yield '</span>\n      <a href="https://www.linkedin.com/sharing/share-offsite/?url='
    yield escape((undefined(name='share_url') if l_0_share_url is missing else l_0_share_url))
    yield '">LinkedIn</a>\n      <a href="https://x.com/intent/post?url='
    yield escape((undefined(name='share_url') if l_0_share_url is missing else l_0_share_url))
    yield '&amp;text='
    yield escape((undefined(name='share_title') if l_0_share_title is missing else l_0_share_title))
    yield '">X</a>\n      <a href="https://www.facebook.com/sharer/sharer.php?u='
    yield escape((undefined(name='share_url') if l_0_share_url is missing else l_0_share_url))
    yield '">Facebook</a>\n      <a href="mailto:?subject='
    yield escape((undefined(name='share_title') if l_0_share_title is missing else l_0_share_title))
    yield '&amp;body='
    yield escape((undefined(name='share_url') if l_0_share_url is missing else l_0_share_url))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Email', _block_vars=_block_vars))
    yield '</a>\n    </nav>\n    <p class="follow"><a href="'
    yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'subscribe/', _block_vars=_block_vars))
    yield '">'
    yield escape((context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Get new posts by feed or email', _block_vars=_block_vars) if environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'newsletter') else context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Get new posts in your feed reader', _block_vars=_block_vars)))
    yield '</a></p>\n'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'):
        pass
        yield '    <section class="author-box author-short" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'About the author', _block_vars=_block_vars))
        yield '">\n'
        if environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'), 'avatar'):
            pass
            yield '<img class="avatar" src="'
            yield escape(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'), 'avatar'))
            yield '" alt="" width="56" height="56" loading="lazy" decoding="async">'
        yield '      <div>\n        <h2><a href="'
        yield escape(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'), 'url'))
        yield '">'
        yield escape(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'), 'name'))
        yield '</a></h2>\n'
        if environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'), 'bio'):
            pass
            yield '<p>'
            yield escape(t_4(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'), 'bio')))
            yield '</p>'
        yield '        <p><a href="'
        yield escape(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'), 'url'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'More about %(name)s', name=environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'), 'name'), _block_vars=_block_vars))
        yield '</a></p>\n      </div>\n    </section>\n'
    if (environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'prev') or environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'next')):
        pass
        yield '    <nav class="prev-next" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'More posts', _block_vars=_block_vars))
        yield '">\n'
        if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'next'):
            pass
            yield '<a class="newer" rel="prev" href="'
            yield escape(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'next'), 'url'))
            yield '"><span class="direction">« '
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Newer', _block_vars=_block_vars))
            yield '</span> '
            yield escape(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'next'), 'name'))
            yield '</a>'
        if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'prev'):
            pass
            yield '<a class="older" rel="next" href="'
            yield escape(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'prev'), 'url'))
            yield '"><span class="direction">'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Older', _block_vars=_block_vars))
            yield ' »</span> '
            yield escape(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'prev'), 'name'))
            yield '</a>'
        yield '    </nav>\n'
    yield '  </footer>\n</article>\n'
    template = environment.get_template('_read_next.html', 'post.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'share_title': l_0_share_title, 'share_url': l_0_share_url}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'comments'):
        pass
        yield '<section class="comments" id="comments" aria-labelledby="comments-heading">\n  <h2 id="comments-heading">'
        yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), '%(num)s comment', '%(num)s comments', t_5(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'comments')), num=t_6(context, t_5(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'comments'))), _block_vars=_block_vars))
        yield '</h2>\n  <p class="comments-note">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'These comments are archived from the old blog. New comments are closed.', _block_vars=_block_vars))
        yield '</p>\n  <ol class="comment-list">\n'
        l_1_loop = missing
        for l_1_comment, l_1_loop in LoopContext(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'comments'), undefined):
            _loop_vars = {}
            pass
            yield '    <li class="comment'
            if environment.getattr(l_1_comment, 'reply_to'):
                pass
                yield ' reply'
            yield '" id="comment-'
            yield escape(environment.getattr(l_1_loop, 'index'))
            yield '">\n      <p class="comment-meta">\n'
            if environment.getattr(l_1_comment, 'url'):
                pass
                yield '<a href="'
                yield escape(environment.getattr(l_1_comment, 'url'))
                yield '" rel="nofollow ugc">'
                yield escape(environment.getattr(l_1_comment, 'author'))
                yield '</a>'
            else:
                pass
                yield '<strong>'
                yield escape(environment.getattr(l_1_comment, 'author'))
                yield '</strong>'
            yield '        '
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'on <time datetime="%(iso)s">%(date)s</time>', iso=t_2(environment.getattr(l_1_comment, 'date')), date=t_3(context, environment.getattr(l_1_comment, 'date')), _loop_vars=_loop_vars))
            if environment.getattr(l_1_comment, 'reply_to'):
                pass
                yield ', '
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'in reply to <a href="#comment-%(number)s">%(name)s</a>', number=environment.getattr(l_1_comment, 'reply_to'), name=environment.getattr(environment.getitem(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'comments'), (environment.getattr(l_1_comment, 'reply_to') - 1)), 'author'), _loop_vars=_loop_vars))
            yield '      </p>\n      '
            yield escape(t_7(environment.getattr(l_1_comment, 'body')))
            yield '\n    </li>\n'
        l_1_loop = l_1_comment = missing
        yield '  </ol>\n</section>\n'

blocks = {'description': block_description, 'og_type': block_og_type, 'twitter_card': block_twitter_card, 'head': block_head, 'content': block_content}
debug_info = '1=12&2=17&3=28&4=38&5=50&6=74&7=76&8=78&9=83&10=87&12=90&13=93&14=95&15=97&16=99&17=102&21=104&22=106&25=109&28=112&29=189&31=198&32=210&33=214&35=221&36=226&38=233&39=236&40=238&42=240&43=244&49=262&52=264&53=279&54=294&55=296&56=299&57=301&58=303&59=305&60=309&61=311&63=317&64=321&65=324&66=326&68=332&69=336&70=342&74=346&75=349&77=351&78=360&83=371&84=377&86=380&87=382&89=385&90=389&92=395&93=408&94=409&96=414'
# Written by `python -m chanblog.theme_compile` from templates/post.html: do not edit.
