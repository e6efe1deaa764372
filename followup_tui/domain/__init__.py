"""Pure follow-up rules: plain values in, plain values out."""
