"""The Belgian company register (KBO/BCE open data): import, production definition, figures."""
