# Small input functions shared by the rule files.


def raw_files(stems):
    return [paths.raw_file(stem) for stem in stems]


def raw_dir(wildcards, input):
    """The raw data folder, derived from the inputs so it is never a hard-coded prefix."""
    return os.path.dirname(input.raw[0])


def edition_sections(lang):
    return [paths.section(lang, name) for name in config["sections"]]
