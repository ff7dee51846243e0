"""The page a subgraph shows a browser at /graphql in development.

Not GraphiQL: strawberry's loads React and GraphiQL from a CDN, which this suite's
machines cannot reach (the page stayed blank), and a subgraph's container has no
node_modules to serve them from. Clients use the gateway's GraphiQL, which serves its
assets itself (gateway/README.md); this page points there, and for debugging one
subgraph alone it can still POST an operation here, with no script from elsewhere.
"""

from __future__ import annotations

import html


def subgraph_page(service: str, gateway_url: str) -> str:
    """`gateway_url`: where the page sends people (GATEWAY_PUBLIC_URL, servicekit.settings)."""
    gateway = html.escape(gateway_url)
    name = html.escape(service)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{name} subgraph</title>
<style>
 body {{ font: 15px system-ui, sans-serif; margin: 2rem; max-width: 60rem; }}
 textarea, pre {{ width: 100%; font: 13px ui-monospace, monospace; box-sizing: border-box; }}
 pre {{ background: #f4f4f4; padding: .5rem; min-height: 4rem; white-space: pre-wrap; }}
</style></head>
<body>
<h1>{name} subgraph</h1>
<p>Clients query the whole suite through the gateway: open
<a href="{gateway}">GraphiQL at {gateway}</a>.</p>
<p>To debug this subgraph alone, POST an operation to it here (headers such as
<code>x-caller-scopes</code> go in the JSON box below).</p>
<form id="f">
<label>Operation<br><textarea id="q" rows="10">{{ _service {{ sdl }} }}</textarea></label>
<label>Variables (JSON)<br><textarea id="v" rows="3">{{}}</textarea></label>
<label>Headers (JSON)<br><textarea id="h" rows="2">{{}}</textarea></label>
<button type="submit">Send</button>
</form>
<pre id="out"></pre>
<script>
document.getElementById('f').addEventListener('submit', async (event) => {{
  event.preventDefault();
  const out = document.getElementById('out');
  try {{
    const response = await fetch(window.location.pathname, {{
      method: 'POST',
      headers: {{'content-type': 'application/json',
                 ...JSON.parse(document.getElementById('h').value || '{{}}')}},
      body: JSON.stringify({{query: document.getElementById('q').value,
                            variables: JSON.parse(document.getElementById('v').value || '{{}}')}}),
    }});
    out.textContent = JSON.stringify(await response.json(), null, 2);
  }} catch (error) {{
    out.textContent = String(error);
  }}
}});
</script>
</body></html>
"""
