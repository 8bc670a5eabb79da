/**
 * The status page: static markup only. Its script and style are routes of their own, so the
 * Content-Security-Policy can forbid every inline script and style.
 */
export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>scoped-models status</title>
<link rel="stylesheet" href="status-page.css">
<script src="status-page.js" defer></script>
</head>
<body>
<header>
<h1>scoped-models</h1>
<p><span id="total">…</span> models · <span id="overall">loading</span> · <span id="live">connecting</span></p>
</header>
<main>
<section>
<h2>Providers</h2>
<table>
<thead><tr><th>provider</th><th>state</th><th>models</th><th>last success</th><th>last error</th></tr></thead>
<tbody id="providers"></tbody>
</table>
</section>
<section>
<h2><label for="search">Find a model</label></h2>
<input id="search" type="search" autocomplete="off" spellcheck="false" placeholder="gpt, claude, llama…">
<ul id="completions"></ul>
</section>
</main>
</body>
</html>
`;
