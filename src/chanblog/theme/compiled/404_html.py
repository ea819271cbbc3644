from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '404.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', '404.html')
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
    l_0_gettext = resolve('gettext')
    l_0__trans = missing
    pass
    yield '<h1>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Page not found', _block_vars=_block_vars))
    yield '</h1>\n<p>'
    l_0__trans = context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), _block_vars=_block_vars)
    _block_vars['_trans'] = l_0__trans
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Sorry, there is nothing at this address. Try the <a href="%(home)s">home page</a> or the <a href="%(archives)s">archives</a>.', home=(undefined(name='_trans') if l_0__trans is missing else l_0__trans), archives=context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'archives/', _block_vars=_block_vars), _block_vars=_block_vars))
    yield '</p>\n'

blocks = {'head': block_head, 'content': block_content}
debug_info = '1=12&2=17&3=27&4=40&5=44'
# Written by `python -m chanblog.theme_compile` from templates/404.html: do not edit.
