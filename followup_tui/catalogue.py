"""The product catalogue shipped in data/products.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from followup_tui.domain.model import Category, Product
from followup_tui.resources import data_dir


def catalogue_path() -> Path:
    return data_dir() / "products.toml"


def load_catalogue(path: Path | None = None) -> list[Product]:
    path = path or catalogue_path()
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    products = []
    for item in raw.get("products", []):
        reorder = item.get("reorder_day")
        price = item.get("price")
        products.append(
            Product(
                sku=str(item["sku"]).upper(),
                name=str(item["name"]),
                category=Category(item["category"]),
                reorder_day=int(reorder) if reorder is not None else None,
                price_cents=round(float(price) * 100) if price is not None else None,
            )
        )
    return products
