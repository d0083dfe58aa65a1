//! The few handlebars helpers templates need beyond the built-ins (`eq`, `and`, `len`...):
//! arithmetic for node ids and priorities, and `join` for comma-separated host lists.

use handlebars::{
    Context, Handlebars, Helper, HelperResult, JsonRender, Output, RenderContext, RenderErrorReason,
};

/// Registers the helpers on a registry.
pub(crate) fn register(hb: &mut Handlebars<'_>) {
    hb.register_helper(
        "add",
        Box::new(
            |h: &Helper<'_>,
             _: &Handlebars<'_>,
             _: &Context,
             _: &mut RenderContext<'_, '_>,
             out: &mut dyn Output| arith(h, out, |a, b| a + b),
        ),
    );
    hb.register_helper(
        "sub",
        Box::new(
            |h: &Helper<'_>,
             _: &Handlebars<'_>,
             _: &Context,
             _: &mut RenderContext<'_, '_>,
             out: &mut dyn Output| arith(h, out, |a, b| a - b),
        ),
    );
    hb.register_helper(
        "mul",
        Box::new(
            |h: &Helper<'_>,
             _: &Handlebars<'_>,
             _: &Context,
             _: &mut RenderContext<'_, '_>,
             out: &mut dyn Output| arith(h, out, |a, b| a * b),
        ),
    );
    hb.register_helper("join", Box::new(join));
}

fn int_param(h: &Helper<'_>, i: usize) -> Result<i64, RenderErrorReason> {
    let p = h
        .param(i)
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("arithmetic", i))?;
    p.value()
        .as_i64()
        .or_else(|| p.value().as_str().and_then(|s| s.parse().ok()))
        .ok_or_else(|| RenderErrorReason::InvalidParamType("an integer"))
}

fn arith(h: &Helper<'_>, out: &mut dyn Output, f: fn(i64, i64) -> i64) -> HelperResult {
    let a = int_param(h, 0)?;
    let b = int_param(h, 1)?;
    out.write(&f(a, b).to_string())?;
    Ok(())
}

/// `{{join controllers "management" ","}}`: a field of every item, joined; with a fourth
/// parameter, each item gets that suffix (`":11211"`).
fn join(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let list = h
        .param(0)
        .and_then(|p| p.value().as_array().cloned())
        .ok_or(RenderErrorReason::InvalidParamType("a list"))?;
    let field = h
        .param(1)
        .and_then(|p| p.value().as_str().map(str::to_string))
        .ok_or(RenderErrorReason::InvalidParamType("a field name"))?;
    let sep = h
        .param(2)
        .map(|p| p.value().render())
        .unwrap_or_else(|| ",".to_string());
    let suffix = h.param(3).map(|p| p.value().render()).unwrap_or_default();
    let mut parts = Vec::new();
    for item in &list {
        let v = item
            .get(&field)
            .ok_or_else(|| RenderErrorReason::MissingVariable(Some(field.clone())))?;
        parts.push(format!("{}{suffix}", v.render()));
    }
    out.write(&parts.join(&sep))?;
    Ok(())
}
