/**
 * What Hotmart answers for an unknown path on its API host: HTTP 200 with the developer docs' single-page-app
 * shell, not a JSON 404 (reference §1, live probes). Reproduced on purpose, so clients learn to check the
 * `Content-Type` before parsing JSON.
 *
 * @example
 * app.notFound((c) => c.html(DOCS_SHELL_HTML, 200));
 */
export const DOCS_SHELL_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>Hotmart Developers</title>
</head>
<body>
<noscript>This site works best with JavaScript enabled.</noscript>
<div id="___gatsby"><div style="outline:none" tabindex="-1" id="gatsby-focus-wrapper"></div></div>
<script id="gatsby-script-loader">/*<![CDATA[*/window.pagePath="/docs/en/";/*]]>*/</script>
</body>
</html>
`;
