/// The page's stylesheet: system fonts, one accent colour, quiet rules, tabular figures.
/// (Written without `<` or `&` so that the page stays well-formed XML as well as HTML.)
enum ReportStyle {
    static let css = """
        :root { --ink: #1c2630; --muted: #5d6975; --faint: #8a959f; --rule: #e2e6ea; --paper: #fafaf8; --card: #ffffff;
          --accent: #2d6a9a; --accent-soft: #c6d9ea; --drop: #b4533c; --code: #f3f4f5; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--paper); color: var(--ink);
          font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
        main { max-width: 1140px; margin: 0 auto; padding: 36px 44px 56px; }
        header .kicker { margin: 0; color: var(--faint); font-size: 12px; letter-spacing: .12em; text-transform: uppercase; }
        h1 { margin: 2px 0 6px; font-size: 30px; font-weight: 650; letter-spacing: -.01em; }
        h2 { margin: 0 0 4px; font-size: 21px; font-weight: 620; }
        h3 { margin: 22px 0 10px; font-size: 15px; font-weight: 620; }
        .meta, .lead { color: var(--muted); margin: 0 0 18px; }
        .meta strong { color: var(--ink); }
        code, .mono { font-family: ui-monospace, "SF Mono", Menlo, "DejaVu Sans Mono", monospace; font-size: .9em; }
        .meta code { background: var(--code); padding: 1px 5px; border-radius: 4px; overflow-wrap: anywhere; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 14px; margin-top: 8px; }
        .card { background: var(--card); border: 1px solid var(--rule); border-radius: 10px; padding: 14px 18px; }
        .card .label { color: var(--faint); font-size: 11.5px; letter-spacing: .08em; text-transform: uppercase; }
        .card .value { font-size: 22px; font-weight: 620; font-variant-numeric: tabular-nums; margin: 2px 0; white-space: nowrap; }
        .card .note, .note { color: var(--muted); font-size: 13px; font-weight: 400; }
        section { margin-top: 44px; padding-top: 26px; border-top: 1px solid var(--rule); }
        .tag { display: inline-block; margin-left: 4px; padding: 0 7px; border-radius: 9px; background: var(--accent-soft);
          color: var(--accent); font-size: 11.5px; font-weight: 600; vertical-align: 2px; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 22px 36px; }
        figure { margin: 0 0 8px; }
        figure + figure { margin-top: 18px; }
        figcaption { color: var(--ink); font-size: 13.5px; font-weight: 600; margin: 0 0 6px; }
        p.note { margin: 10px 0 0; }
        svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
        svg text { font-size: 11px; fill: var(--muted); font-variant-numeric: tabular-nums; }
        svg text.label { fill: var(--ink); font-size: 12px; }
        svg text.value { fill: var(--ink); }
        svg text.axis-title { fill: var(--faint); font-size: 11px; }
        .grid { stroke: var(--rule); stroke-width: 1; }
        .baseline { stroke: #b9c1c8; stroke-width: 1; }
        .bar, .col-after { fill: var(--accent); }
        .bar-total, .col-before { fill: var(--accent-soft); }
        .bar-drop { fill: var(--drop); }
        .line { fill: none; stroke: var(--accent); stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
        .point { fill: var(--accent); fill-opacity: .35; }
        .point-last { fill: var(--card); stroke: var(--accent); stroke-width: 2; }
        .line.series-0, .dot.series-0 { stroke: #2d6a9a; } .swatch.series-0, .dot.series-0 { fill: #2d6a9a; }
        .line.series-1, .dot.series-1 { stroke: #c0622f; } .swatch.series-1, .dot.series-1 { fill: #c0622f; }
        .line.series-2, .dot.series-2 { stroke: #3d8a4f; } .swatch.series-2, .dot.series-2 { fill: #3d8a4f; }
        .line.series-3, .dot.series-3 { stroke: #7b4f9d; } .swatch.series-3, .dot.series-3 { fill: #7b4f9d; }
        .line.series-4, .dot.series-4 { stroke: #a1862c; } .swatch.series-4, .dot.series-4 { fill: #a1862c; }
        .line.series-5, .dot.series-5 { stroke: #5d6975; } .swatch.series-5, .dot.series-5 { fill: #5d6975; }
        .dot { fill-opacity: .6; stroke-width: 0; }
        ul.verdicts { margin: 8px 0 14px; padding-left: 20px; }
        ul.verdicts li { margin: 4px 0; }
        p.claim { font-weight: 600; margin: 10px 0; }
        .empty { fill: none; stroke: var(--rule); stroke-dasharray: 4 4; }
        rect:hover, circle:hover { fill-opacity: .8; }
        .table-wrap { overflow-x: auto; margin: 14px 0 4px; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 14px; }
        th, td { padding: 6px 14px; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
        thead th { color: var(--faint); font-size: 11.5px; font-weight: 600; letter-spacing: .06em; text-transform: uppercase; }
        tbody th { font-weight: 600; }
        .num { text-align: right; }
        tr.total th, tr.total td { border-top: 2px solid var(--rule); font-weight: 620; }
        .samples { margin-top: 10px; }
        details { background: var(--card); border: 1px solid var(--rule); border-radius: 8px; margin: 6px 0; }
        summary { cursor: pointer; padding: 8px 14px; }
        summary .rule { font-weight: 620; }
        summary .count { float: right; color: var(--muted); font-size: 13px; font-variant-numeric: tabular-nums; }
        .sample { padding: 8px 14px 12px; border-top: 1px solid var(--rule); }
        .sample-head { color: var(--muted); font-size: 12.5px; margin-bottom: 6px; overflow-wrap: anywhere; }
        pre.excerpt { margin: 0; padding: 10px 12px; background: var(--code); border-radius: 6px; max-height: 14em; overflow: auto;
          white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext;
          font: 12.5px/1.5 ui-monospace, "SF Mono", Menlo, "DejaVu Sans Mono", monospace; }
        .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 12px 36px; align-items: start; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 4px 0 14px; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        footer { margin-top: 48px; padding-top: 16px; border-top: 1px solid var(--rule); color: var(--faint); font-size: 12.5px; }
        @media print { body { background: #fff; } details { break-inside: avoid; } section { break-inside: avoid-page; } }
        """
}
