"""A document's identity: the original URL it names, else its path below the folder given."""

from pathlib import Path

import pytest

from loaders.sources import original_url, path_source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "标题\n原文链接: https://www.pingtan.gov.cn/zwgk/t20120420_80678.htm\n正文",
            "https://www.pingtan.gov.cn/zwgk/t20120420_80678.htm",
        ),
        ("原文地址：http://www.example.gov.cn/a/b.html。", "http://www.example.gov.cn/a/b.html"),
        ("原文链接：https://x.gov.cn/p?id=12#top", "https://x.gov.cn/p?id=12"),
        (
            '<head><link rel="canonical" href="https://x.gov.cn/nb/2021.html"></head>',
            "https://x.gov.cn/nb/2021.html",
        ),
        (
            "<link href='https://x.gov.cn/nb/2022.html' rel=canonical>",
            "https://x.gov.cn/nb/2022.html",
        ),
        # A site's home page is no page's identity.
        ('<link rel="canonical" href="https://www.gov.cn/">', None),
        ("原文链接：https://www.gov.cn", None),
        ("no address here: https://x.gov.cn/a.html is just mentioned", None),
        ("", None),
    ],
)
def test_original_url(text, expected):
    assert original_url(text) == expected


@pytest.mark.parametrize(
    ("path", "folder", "expected"),
    [
        ("reports/na/report.txt", "reports", "reports/na/report.txt"),
        ("reports/nb/report.txt", "reports/nb", "nb/report.txt"),
        ("/data/2022/index.html", "/data/2022", "2022/index.html"),
        ("/data/2023/index.html", "/data/2023/", "2023/index.html"),
        ("na/report.txt", None, "na/report.txt"),
        ("/abs/report.txt", None, "/abs/report.txt"),
    ],
)
def test_path_source(path, folder, expected):
    assert path_source(Path(path), Path(folder) if folder else None) == expected
