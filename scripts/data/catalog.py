"""What the workflow generates from the raw data, and which raw files each piece reads, all
derived from the YAML beside the data: the contract (data/contract.yaml) lists the raw files,
the declarations say what each table (data/tables/), figure (data/figures/) and family of
values (data/values/) reads.

Kept free of heavy imports: the Snakefile reads it on every run, including no-op runs.
"""

from scripts.data import contract, declared_figures, declared_values
from scripts.data import declared_tables as declared


def raw_files(tables: dict | None = None) -> list[str]:
    """Every raw file (stem) of the contract `tables` (None: data/contract.yaml), in its order."""
    return list(contract.load() if tables is None else tables)


def tables(declarations: dict | None = None) -> dict[str, list[str]]:
    """Every generated table (`declarations`, else those of data/tables/) → the raw files it reads."""
    declarations = declared.load_all() if declarations is None else declarations
    return {name: decl.raw_files() for name, decl in declarations.items()}


def figures(declarations: dict | None = None, folder=declared_figures.FOLDER) -> dict[str, str]:
    """Every generated figure (those of data/figures/, over the tables `declarations`) → the table it draws."""
    return {name: fig.table for name, fig in declared_figures.load_all(folder, declarations).items()}


def values(families: dict | None = None) -> dict[str, list[str]]:
    """Every family of values (`families`, else those of data/values/) → the raw files it reads."""
    families = declared_values.load_all() if families is None else families
    return {name: family.raw_files() for name, family in families.items()}


def value_tables(families: dict | None = None) -> list[str]:
    """The declared tables whose flags the values count (their neutral CSVs are the values' inputs)."""
    families = declared_values.load_all() if families is None else families
    return list(dict.fromkeys(name for family in families.values() for name in family.tables()))
