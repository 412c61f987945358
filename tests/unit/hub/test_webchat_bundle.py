"""The chat page's modules bundled into one script (``webchat/assets.py``)."""

from __future__ import annotations

from workstation.hub.webchat.assets import bundle, load_static

FILES = {
    "app.js": b'import { a, KEY as k } from "./a.js";\nimport { b } from "./b.js";\n'
              b"const KEY = 1;\nconsole.log(a(), b, KEY);\n",
    "a.js": b'import { b } from "./b.js";\nconst KEY = "a";\n'
            b"export function a() { return KEY + b; }\nexport const KEY2 = 2;\n",
    "b.js": b'const KEY = "b";\nexport const b = KEY;\n',
}


def test_each_module_once_in_import_order_and_its_names_kept_apart() -> None:
    # "KEY as k" is a form the bundler does not rewrite: it gives up rather than guess.
    assert bundle(FILES) is None
    files = {**FILES, "app.js": FILES["app.js"].replace(b"a, KEY as k", b"a")}
    text = (bundle(files) or b"").decode()
    assert text.index("// b.js") < text.index("// a.js") < text.index("// app.js")
    assert text.count("// b.js") == 1
    assert "return { b };" in text and "return { a, KEY2 };" in text
    assert "import " not in text and "export " not in text


def test_a_missing_module_or_a_cycle_leaves_the_files_as_they_are() -> None:
    assert bundle({"app.js": FILES["app.js"]}) is None
    assert bundle({"app.js": b'import { x } from "./c.js";\n',
                   "c.js": b'import { y } from "./app.js";\nexport const x = 1;\n'}) is None
    assert bundle({"app.js": b'const m = import("./b.js");\n', "b.js": FILES["b.js"]}) is None


def test_the_real_page_bundles() -> None:
    # Every browser test (tests/e2e/test_chat_page_*.py) runs this script in Chromium.
    script = (bundle(load_static()) or b"").decode()
    assert "class ContactLink" in script and "new ChatPage();" in script
