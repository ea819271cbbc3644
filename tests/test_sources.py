"""Listing a folder of the site: its files in one order, whatever order the file system gives."""

from __future__ import annotations

from pathlib import Path

from chanblog.sources import list_files


def test_a_listing_is_ordered_folder_by_folder(tmp_path: Path) -> None:
    """As Python orders the paths split at each `/`: a folder's files come before a name that
    merely starts with the folder's name and a `.` or `-`."""
    posts = tmp_path / "posts"
    for name in ("a.md", "ab/c.md", "a-b.md", "a/c/d.md", "a0.md", "a/b.md"):
        (posts / name).parent.mkdir(parents=True, exist_ok=True)
        (posts / name).write_text("---\ntitle: T\n---\n")
    listing = list_files(posts, posts, "posts")
    assert list(listing.files) == ["a/b.md", "a/c/d.md", "a-b.md", "a.md", "a0.md", "ab/c.md"]
    assert listing.files["a/c/d.md"] == str(posts / "a/c/d.md")
