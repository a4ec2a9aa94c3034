"""The taleweaver web app: children pick, create and play stories; parents manage profiles,
consent and the library. See docs/web.md."""
