//! Figure output: each figure's page, SVG file and CSV, the `/figures/` index, and the charts
//! that other pages show (headline figures on the home page, a term's events over time).

use super::pages::{Rendered, Renderer};
use crate::dataset::Taxonomy;
use crate::figures::Drawn;
use crate::present::citation::Citation;
use crate::present::urls::folder;
use serde::Serialize;
use tera::Context;

#[derive(Serialize)]
struct FigureView<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    svg_url: String,
    csv_url: String,
    chart: &'static str,
    description: String,
    caption_html: String,
    notes: Vec<String>,
    /// The spec's path relative to the site root; empty for built-in figures.
    file: &'a str,
    /// The chart as a picture for the list of figures (inline SVG, without links).
    thumbnail: &'a str,
}

impl Renderer<'_> {
    fn figure_view<'d>(&self, d: &'d Drawn) -> FigureView<'d> {
        let id = d.spec.id.as_str();
        FigureView {
            id,
            title: &d.spec.title,
            url: self.urls.figure(id),
            svg_url: self.urls.path(&folder::figure_file(id, "svg")),
            csv_url: self.urls.path(&folder::figure_file(id, "csv")),
            chart: d.spec.chart.key(),
            description: d.description(),
            caption_html: d.caption_html(),
            notes: d.notes(),
            file: &d.spec.file,
            thumbnail: d.thumbnail_svg().unwrap_or_default(),
        }
    }

    fn drawn(&self, i: usize) -> Result<&Drawn, String> {
        self.figures()
            .all()
            .get(i)
            .ok_or_else(|| format!("no figure number {i}"))
    }

    /// The home page's figures, as HTML.
    pub(super) fn headline_figures(&self) -> Vec<String> {
        // A chart that cannot be drawn fails its own figure page's job with the reason.
        self.figures()
            .headline()
            .into_iter()
            .filter_map(|d| d.html().ok())
            .collect()
    }

    /// The small chart of a term's events over time, or nothing when it has none.
    pub(super) fn term_figure(&self, t: Taxonomy, key: &str) -> String {
        self.figures()
            .term(t, key)
            .and_then(|d| d.html().ok())
            .unwrap_or_default()
    }

    pub(super) fn figure_page(&self, i: usize) -> Result<Rendered, String> {
        let d = self.drawn(i)?;
        let id = &d.spec.id;
        let mut ctx = Context::new();
        let view = self.figure_view(d);
        self.meta(
            &mut ctx,
            "figure",
            &d.spec.title,
            &folder::figure(id),
            &view.description,
        );
        ctx.insert("figure", &view);
        ctx.insert("svg", &d.svg()?);
        ctx.insert("table", &d.table());
        ctx.insert("figures_url", &self.urls.path(folder::FIGURES));
        let citation = Citation::of_figure(&self.ds.config, &d.spec);
        ctx.insert("citation", &self.citation(citation, &folder::figure(id)));
        ctx.insert("source", &self.source(&d.spec.file));
        self.page_at(
            &format!("{}index.html", folder::figure(id)),
            "figure.html",
            &ctx,
        )
    }

    pub(super) fn figures_index(&self) -> Result<Rendered, String> {
        let mut ctx = Context::new();
        self.meta(
            &mut ctx,
            "figures",
            self.locale.text("nav.figures"),
            folder::FIGURES,
            self.locale.text("pages.figures_description"),
        );
        let list: Vec<FigureView<'_>> = self
            .figures()
            .all()
            .iter()
            .map(|d| self.figure_view(d))
            .collect();
        ctx.insert("figures", &list);
        self.page_at("figures/index.html", "figures.html", &ctx)
    }

    pub(super) fn figure_svg(&self, i: usize) -> Result<Rendered, String> {
        let d = self.drawn(i)?;
        Ok(Rendered {
            path: self.urls.output(&folder::figure_file(&d.spec.id, "svg")),
            html: d.file_svg()?.to_string(),
        })
    }

    pub(super) fn figure_csv(&self, i: usize) -> Result<Rendered, String> {
        let d = self.drawn(i)?;
        Ok(Rendered {
            path: self.urls.output(&folder::figure_file(&d.spec.id, "csv")),
            html: d.csv(),
        })
    }

    fn page_at(&self, path: &str, template: &str, ctx: &Context) -> Result<Rendered, String> {
        let html = self
            .tera
            .render(template, ctx)
            .map_err(|e| format!("{template}: {}", super::theme::tera_message(&e)))?;
        Ok(Rendered {
            path: self.urls.output(path),
            html,
        })
    }
}
