from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'subscribe.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'subscribe.html')
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
    l_0_config = resolve('config')
    l_0__ = resolve('_')
    pass
    yield escape((context.call((undefined(name='_') if l_0__ is missing else l_0__), 'How to get the new posts of %(title)s: in a feed reader or by email.', title=environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'), _block_vars=_block_vars) if environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'newsletter') else context.call((undefined(name='_') if l_0__ is missing else l_0__), 'How to get the new posts of %(title)s in a feed reader.', title=environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'), _block_vars=_block_vars)))

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site_url = resolve('site_url')
    l_0_page = resolve('page')
    l_0__ = resolve('_')
    l_0_config = resolve('config')
    l_0_letter = resolve('letter')
    l_0_atom = missing
    try:
        t_1 = environment.filters['absolute']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'absolute' found.")
    try:
        t_2 = environment.filters['urlencode']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'urlencode' found.")
    pass
    l_0_atom = t_1(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'feed.xml', _block_vars=_block_vars))
    _block_vars['atom'] = l_0_atom
    yield '<article class="subscribe">\n  <h1>'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '</h1>\n  <p>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'A feed reader is an app or a website that gathers the new posts of the sites you follow in one place, as they appear: no account here, no email, and you can stop at any time. Open this blog in one of the readers below, or copy the address of its feed into the reader you use.', _block_vars=_block_vars))
    yield '</p>\n  <h2>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Open in a feed reader', _block_vars=_block_vars))
    yield '</h2>\n  <ul class="readers">\n    <li><a href="https://feedly.com/i/subscription/feed%2F'
    yield escape(t_2((undefined(name='atom') if l_0_atom is missing else l_0_atom)))
    yield '">Feedly</a></li>\n    <li><a href="https://www.inoreader.com/?add_feed='
    yield escape(t_2((undefined(name='atom') if l_0_atom is missing else l_0_atom)))
    yield '">Inoreader</a></li>\n    <li><a href="https://www.newsblur.com/?url='
    yield escape(t_2((undefined(name='atom') if l_0_atom is missing else l_0_atom)))
    yield '">NewsBlur</a></li>\n  </ul>\n  <h2>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Feed addresses', _block_vars=_block_vars))
    yield '</h2>\n  <dl class="feeds">\n    <dt>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Atom feed (for any feed reader)', _block_vars=_block_vars))
    yield '</dt>\n    <dd><a href="'
    yield escape((undefined(name='atom') if l_0_atom is missing else l_0_atom))
    yield '"><code>'
    yield escape((undefined(name='atom') if l_0_atom is missing else l_0_atom))
    yield '</code></a></dd>\n'
    if environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'json_feed'):
        pass
        yield '    <dt>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'JSON Feed (for readers that prefer it)', _block_vars=_block_vars))
        yield '</dt>\n    <dd><a href="'
        yield escape(t_1(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'feed.json', _block_vars=_block_vars)))
        yield '"><code>'
        yield escape(t_1(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'feed.json', _block_vars=_block_vars)))
        yield '</code></a></dd>\n'
    yield '    <dt>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Comments feed', _block_vars=_block_vars))
    yield '</dt>\n    <dd><a href="'
    yield escape(t_1(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'comments.xml', _block_vars=_block_vars)))
    yield '"><code>'
    yield escape(t_1(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'comments.xml', _block_vars=_block_vars)))
    yield '</code></a></dd>\n  </dl>\n  <p>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Every tag, label and author page has a feed of its own too: look for the feed link on its page.', _block_vars=_block_vars))
    yield '</p>\n'
    if environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'newsletter'):
        pass
        l_0_letter = environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'newsletter')
        _block_vars['letter'] = l_0_letter
        yield '  <section class="newsletter" aria-labelledby="newsletter-heading">\n    <h2 id="newsletter-heading">'
        yield escape((environment.getattr((undefined(name='letter') if l_0_letter is missing else l_0_letter), 'title') or context.call((undefined(name='_') if l_0__ is missing else l_0__), 'By email', _block_vars=_block_vars)))
        yield '</h2>\n    <p>'
        yield escape((environment.getattr((undefined(name='letter') if l_0_letter is missing else l_0_letter), 'text') or context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Leave your address to get each new post by email. Every email has a link to unsubscribe.', _block_vars=_block_vars)))
        yield '</p>\n    <form class="newsletter-form" action="'
        yield escape(environment.getattr((undefined(name='letter') if l_0_letter is missing else l_0_letter), 'action'))
        yield '" method="'
        yield escape(environment.getattr((undefined(name='letter') if l_0_letter is missing else l_0_letter), 'method'))
        yield '">\n      <label for="newsletter-email">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Email address', _block_vars=_block_vars))
        yield '</label>\n      <input type="email" id="newsletter-email" name="'
        yield escape(environment.getattr((undefined(name='letter') if l_0_letter is missing else l_0_letter), 'email_field'))
        yield '" autocomplete="email" required>\n'
        for (l_1_name, l_1_value) in environment.getattr((undefined(name='letter') if l_0_letter is missing else l_0_letter), 'hidden'):
            _loop_vars = {}
            pass
            yield '      <input type="hidden" name="'
            yield escape(l_1_name)
            yield '" value="'
            yield escape(l_1_value)
            yield '">\n'
        l_1_name = l_1_value = missing
        yield '      <button type="submit">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Subscribe', _block_vars=_block_vars))
        yield '</button>\n    </form>\n  </section>\n'
    yield '</article>\n'

blocks = {'description': block_description, 'content': block_content}
debug_info = '1=12&2=17&3=29&4=55&6=58&7=60&8=62&10=64&11=66&12=68&14=70&16=72&17=74&18=78&19=81&20=83&22=88&23=90&25=94&26=96&27=98&29=101&30=103&31=105&32=109&33=111&34=113&35=117&37=123'
# Written by `python -m chanblog.theme_compile` from templates/subscribe.html: do not edit.
