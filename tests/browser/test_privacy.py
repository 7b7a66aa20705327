"""No public page makes the browser contact anyone but the site itself: no third-party
fonts, scripts, analytics, embeds or images (issue 6, and the privacy notice's promise)."""

from urllib.parse import urlsplit

import pytest

from tests.public_pages import PUBLIC_PAGES

from .support import open_public_page

pytestmark = pytest.mark.browser

# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}

# Elements that load something, now or later (a lazy image, a prefetch), from elsewhere;
# and any embedded frame or plugin, whatever its address.
FOREIGN_EMBEDS = r"""(host) => {
    const elsewhere = (url) => {
        const parsed = new URL(url, document.baseURI);
        return ["http:", "https:"].includes(parsed.protocol) && parsed.host !== host;
    };
    const loaders = [
        ["script[src]", "src"],
        ["img[src]", "src"],
        ["source[src]", "src"],
        ["video[src], audio[src], track[src]", "src"],
        ["link[rel~=stylesheet], link[rel~=icon], link[rel~=preload], link[rel~=prefetch], link[rel~=modulepreload], link[rel~=preconnect], link[rel~=dns-prefetch]", "href"],
    ];
    const found = [];
    for (const [selector, attribute] of loaders) {
        for (const element of document.querySelectorAll(selector)) {
            const url = element.getAttribute(attribute);
            if (elsewhere(url)) found.push(`<${element.tagName.toLowerCase()} ${attribute}="${url}">`);
        }
    }
    for (const element of document.querySelectorAll("img[srcset], source[srcset]")) {
        for (const candidate of element.srcset.split(",")) {
            const url = candidate.trim().split(/\s+/)[0];
            if (url && elsewhere(url)) found.push(`<${element.tagName.toLowerCase()} srcset="${url}">`);
        }
    }
    for (const element of document.querySelectorAll("iframe, frame, object, embed")) {
        found.push(`<${element.tagName.toLowerCase()}>`);
    }
    return found;
}"""


def test_public_pages_load_nothing_from_other_hosts(page, live_server, demo_content):
    server = urlsplit(live_server.url)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    failures = []
    for public_page in PUBLIC_PAGES:
        requested.clear()
        open_public_page(page, public_page)
        elsewhere = [
            url
            for url in requested
            if urlsplit(url).scheme not in LOCAL_SCHEMES
            and (urlsplit(url).scheme, urlsplit(url).netloc) != (server.scheme, server.netloc)
        ]
        embeds = page.evaluate(FOREIGN_EMBEDS, server.netloc)
        assert requested, f"no request recorded for {public_page.name}"
        if elsewhere or embeds:
            failures.append(f"  {public_page.name}: requests {elsewhere}, embeds {embeds}")
    assert server.hostname in ("localhost", "127.0.0.1")
    assert not failures, "pages reach other hosts:\n" + "\n".join(failures)
