"""A journal profile (journals/<name>/profile.yaml): its `extends:` chain merged, checked against
journals/profile.schema.yaml, and written in parts for the jobs that read them.

A profile may start from another (`extends: default`): mappings merge key by key, anything else
(a list, a text, a number) is replaced whole. Each key remembers the file and line that set it,
so a finding about a value names the profile that wrote it. `write_parts` writes one JSON file
per concern (build/journal/<part>.json), each rewritten only when it changes: switching journal
reruns only the jobs whose part differs (the data jobs read none).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from scripts.core import memo, paths, yamlfile
from scripts.core.errors import UserError, finding
from scripts.core.files import write_if_changed

SCHEMA_RULE = "journal-profile"
EXTENDS_RULE = "journal-extends"

# Which keys each part holds: a job reads the parts it needs, never the whole profile.
PARTS: dict[str, tuple[str, ...]] = {
    "facts": ("journal",),
    "citation": ("citation_style",),
    "page": ("page", "front_matter"),
    "docx": ("docx", "front_matter"),
    "typesetting": ("typesetting",),
    "front_matter": ("front_matter",),  # what the metadata view shows (assemble), apart from the page's look
    "sections": ("sections",),
    "limits": ("limits",),
}
# Where each key of the profile was set (file, line): read by the jobs that report findings about its values.
WHERE_PART = "where"
# What the docx part takes of the page: the level-1 headings' case and the paper.
DOCX_PAGE_KEYS = ("heading_case", "paper")


@dataclass
class Profile:
    name: str
    data: dict  # the merged profile
    files: list[str]  # the chain, this profile's file first
    origin: dict[tuple[str, ...], tuple[str, int]] = field(default_factory=dict)

    def where(self, *keys: str) -> tuple[str, int | None]:
        """The file and line that set `keys` (the nearest enclosing key that is known), else this profile's file."""
        return part_where(where_part(self), *keys)

    def file(self, name: str) -> str | None:
        """A file a profile brings (a .csl, a Word template), looked up along the chain, this profile's folder first."""
        for profile_file in self.files:
            candidate = Path(profile_file).parent / name
            if candidate.is_file():
                return candidate.as_posix()
        return None


# profile.schema.yaml of this repository's code.
SCHEMA_FILE = paths.code_file(paths.JOURNAL_SCHEMA)


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    return yamlfile.load(SCHEMA_FILE)


def merge(base: dict, child: dict) -> dict:
    """`child` over `base`: mappings merge key by key; any other value replaces the base's."""
    merged = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _origins(data, lines: dict, file: str, prefix=()) -> dict:
    """The file and line of each key and list item under `data`, by key path."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    found = {}
    for key, value in items:
        keys = prefix + (str(key),)
        found[keys] = (file, lines.get(keys))
        found.update(_origins(value, lines, file, keys))
    return found


def load(name: str | None, root: str | Path = ".") -> Profile:
    """The profile `name` (the default one without it), its chain merged and checked."""
    name = name or paths.DEFAULT_JOURNAL
    chain: list[tuple[str, dict, dict]] = []
    seen: list[str] = []
    current, named_at = name, None
    while current is not None:
        file = paths.journal_profile(current)
        if current in seen:
            where_file, line = named_at
            loop = " → ".join([*seen, current])
            raise UserError(
                finding(where_file, EXTENDS_RULE, f"profiles extend each other in a loop: {loop}", line=line)
            )
        if not (Path(root) / file).is_file():
            if named_at is None:
                known = ", ".join(available(root)) or "none"
                raise UserError(
                    finding(
                        paths.CONFIG, EXTENDS_RULE, f"journal {current!r} has no profile {file} (profiles: {known})"
                    )
                )
            raise UserError(
                finding(
                    named_at[0], EXTENDS_RULE, f"extends {current!r}, which has no profile {file}", line=named_at[1]
                )
            )
        data = yamlfile.load(Path(root) / file)
        lines = yamlfile.key_lines(Path(root) / file)
        chain.append((file, data, lines))
        seen.append(current)
        parent = data.get("extends")
        if parent is not None and not isinstance(parent, str):
            raise UserError(
                finding(file, EXTENDS_RULE, "extends: the name of another profile", line=lines.get(("extends",)))
            )
        named_at, current = (file, lines.get(("extends",))), parent
    merged: dict = {}
    origin: dict = {}
    for file, data, lines in reversed(chain):
        merged = merge(merged, data)
        origin.update(_origins(data, lines, file))
    merged.pop("extends", None)
    profile = Profile(name, merged, [file for file, _, _ in chain], origin)
    problems = memo.clean(
        lambda: schema_findings(profile),
        lambda: ("journal", profile.data, SCHEMA_FILE.read_bytes(), memo.code_version(__file__)),
    )
    if problems:
        raise UserError(problems)
    return profile


def available(root: str | Path = ".") -> list[str]:
    return sorted(path.parent.name for path in Path(root).glob(paths.JOURNAL_PROFILE.format(journal="*")))


def schema_findings(profile: Profile) -> list:
    """One finding per value the schema does not allow, at the line of the profile that set it."""
    import jsonschema  # only here: slow to import, and only a run that reads the profile needs it

    validator = jsonschema.Draft202012Validator(schema())
    found = {}
    for error in validator.iter_errors(profile.data):
        keys = tuple(map(str, error.absolute_path))
        described = _description(error)
        if error.validator == "additionalProperties":
            allowed = error.schema.get("properties", {})
            for key in sorted(set(error.instance) - set(allowed)):
                file, line = profile.where(*keys, key)
                where = ".".join((*keys, key))
                found[where] = finding(
                    file,
                    SCHEMA_RULE,
                    f"{where}: not a key of a journal profile here; allowed: {', '.join(allowed)}",
                    line,
                )
            continue
        if error.validator == "required":
            file, line = profile.where(*keys)
            where = ".".join(keys) or "the profile"
            found.setdefault(where, finding(file, SCHEMA_RULE, f"{where}: {error.message}: {described}", line))
            continue
        file, line = profile.where(*keys)
        shown = "empty" if error.instance is None else repr(error.instance)
        where = ".".join(keys)
        found.setdefault(where, finding(file, SCHEMA_RULE, f"{where}: {described} (not {shown})", line))
    return list(found.values())


def _description(error) -> str:
    """What the schema allows where `error` is: the nearest `description` along its schema path."""
    node = schema()
    described = node.get("description", "")
    for step in error.absolute_schema_path:
        if step == "$ref":
            node = _resolve(node["$ref"])
        elif isinstance(node, dict) and step in node:
            node = node[step]
        else:
            break
        if isinstance(node, dict):
            described = node.get("description", described)
    return described


def _resolve(ref: str) -> dict:
    node = schema()
    for step in ref.removeprefix("#/").split("/"):
        node = node[step]
    return node


def part(profile: Profile, name: str) -> dict:
    """What the jobs reading part `name` see: its values, and the files the profile brings, as paths
    from the root. Values only: where each was set is the `where` part's, so an edit that moves a
    line of the profile (a comment) reruns only the jobs that report findings."""
    content = {key: profile.data.get(key) for key in PARTS[name]}
    if name == "citation":
        style = profile.data["citation_style"]
        content["citation_style_file"] = profile.file(style) if style.endswith(".csl") else None
    if name == "docx":
        # The DOCX follows the page's heading case and paper (its margins and columns are its own).
        content.update({key: profile.data["page"][key] for key in DOCX_PAGE_KEYS})
        if (profile.data.get("docx") or {}).get("template"):
            content["template_file"] = profile.file(profile.data["docx"]["template"])
    return content


def where_part(profile: Profile) -> dict:
    """The `where` part: the profile's name and the file and line that set each key, by dotted path
    ("limits.abstract_words"), so a job's finding about a value names the profile that wrote it
    without reading the profile."""
    return {
        "profile": profile.name,
        "at": {".".join(path): [file, line] for path, (file, line) in sorted(profile.origin.items()) if line},
    }


def part_where(where: dict | None, *keys: str) -> tuple[str, int | None]:
    """`Profile.where` for the `where` part read back: the nearest enclosing key's file and line;
    without the part, the default profile's file."""
    where = where or {}
    at = where.get("at") or {}
    for end in range(len(keys), 0, -1):
        found = at.get(".".join(keys[:end]))
        if found:
            return found[0], found[1]
    return paths.journal_profile(where.get("profile")), None


def write_parts(profile: Profile, pattern: str = paths.JOURNAL_PART) -> None:
    """build/journal/<part>.json for every part, each left untouched when its content is the same
    (files.write_if_changed): a job reruns only when what it reads changed."""
    contents = {**{name: part(profile, name) for name in PARTS}, WHERE_PART: where_part(profile)}
    for name, content in contents.items():
        # In the profile's own order (the merged chain's): the jobs reading a part keep it, as the article's
        # journal facts do.
        write_if_changed(pattern.format(part=name), json.dumps(content, ensure_ascii=False, indent=2) + "\n")


def read_part(path: str | Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
