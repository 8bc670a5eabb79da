/** The status page's style sheet (served as `status-page.css`). */
export const STATUS_PAGE_CSS = `body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1f2328; }
h1 { margin: 0; font-size: 1.6rem; }
h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #1a7f37; } .failed { color: #cf222e; } .never { color: #6e7781; }
input { font: inherit; padding: .4rem .6rem; width: 100%; box-sizing: border-box; }
#completions { list-style: none; padding: 0; font-family: ui-monospace, monospace; }
#completions li { padding: .15rem 0; }
`;
