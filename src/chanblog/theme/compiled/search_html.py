from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'search.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'search.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield '<meta name="robots" content="noindex">'

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0__ = resolve('_')
    l_0_site_url = resolve('site_url')
    l_0_config = resolve('config')
    l_0_filters = resolve('filters')
    l_0_gettext = resolve('gettext')
    l_0__trans = missing
    try:
        t_1 = environment.filters['number']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'number' found.")
    pass
    yield '<h1>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Search', _block_vars=_block_vars))
    yield '</h1>\n<div class="search" id="search" data-bundle="'
    yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'pagefind/', _block_vars=_block_vars))
    yield '" data-base="'
    yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'base_path'))
    yield '/"\n     data-unavailable="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Search is not available on this copy of the site. The archives list every post.', _block_vars=_block_vars))
    yield '"\n     data-none="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'No posts found.', _block_vars=_block_vars))
    yield '" data-found-one="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), '1 post found.', _block_vars=_block_vars))
    yield '"\n     data-found="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), '%(count)s posts found.', count='{count}', _block_vars=_block_vars))
    yield '"\n     data-found-more="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), '%(count)s posts found; the first %(shown)s are shown.', count='{count}', shown='{shown}', _block_vars=_block_vars))
    yield '"\n     data-labels="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Labels', _block_vars=_block_vars))
    yield '" data-authors="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Authors', _block_vars=_block_vars))
    yield '">\n  <form class="search-form" action="'
    yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'search/', _block_vars=_block_vars))
    yield '" method="get">\n    <label for="search-query">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Search the posts', _block_vars=_block_vars))
    yield '</label>\n    <input type="search" id="search-query" name="q">\n    <button type="submit">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Search', _block_vars=_block_vars))
    yield '</button>\n  </form>\n  <div class="search-filters" id="search-filters">\n'
    for (l_1_name, l_1_title, l_1_values) in (undefined(name='filters') if l_0_filters is missing else l_0_filters):
        _loop_vars = {}
        pass
        if (l_1_name == 'tag'):
            pass
            yield '<details class="search-tags"><summary>'
            yield escape(l_1_title)
            yield '</summary>'
        yield '    <fieldset>\n      <legend>'
        yield escape(l_1_title)
        yield '</legend>\n'
        for (l_2_value, l_2_count) in l_1_values:
            _loop_vars = {}
            pass
            yield '      <label><input type="checkbox" name="'
            yield escape(l_1_name)
            yield '" value="'
            yield escape(l_2_value)
            yield '"> '
            yield escape(l_2_value)
            yield ' ('
            yield escape(t_1(context, l_2_count))
            yield ')</label>\n'
        l_2_value = l_2_count = missing
        yield '    </fieldset>\n'
        if (l_1_name == 'tag'):
            pass
            yield '</details>'
    l_1_name = l_1_title = l_1_values = missing
    yield '  </div>\n  <p class="search-status" id="search-status" role="status" aria-live="polite"></p>\n  <ol class="search-results" id="search-results"></ol>\n  <noscript><p>'
    l_0__trans = context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'archives/', _block_vars=_block_vars)
    _block_vars['_trans'] = l_0__trans
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Search needs JavaScript. Every post is also listed in the <a href="%(archives)s">archives</a>, by <a href="%(labels)s">label</a> and by <a href="%(tags)s">tag</a>.', archives=(undefined(name='_trans') if l_0__trans is missing else l_0__trans), labels=context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'labels/', _block_vars=_block_vars), tags=context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'tags/', _block_vars=_block_vars), _block_vars=_block_vars))
    yield '</p></noscript>\n</div>\n<script type="module" src="'
    yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'theme/search.js', _block_vars=_block_vars))
    yield '"></script>\n'

blocks = {'head': block_head, 'content': block_content}
debug_info = '1=12&2=17&3=27&4=48&5=50&6=54&7=56&8=60&9=62&10=64&12=68&13=70&15=72&19=74&20=77&22=83&23=85&24=89&27=99&32=106&34=108'
# Written by `python -m chanblog.theme_compile` from templates/search.html: do not edit.
