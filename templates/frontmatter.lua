-- DOCX front matter. pandoc's DOCX writer drops structured authors and knows one abstract,
-- so the authors, affiliations and every abstract with its keywords are written here as
-- paragraphs in the reference document's Author and Abstract styles, after the titles.
-- Where each goes is the journal profile's `front_matter` (scripts/article/render.py passes it as
-- the metadata below, which this filter reads and takes out): keywords after or before their
-- abstract, the corresponding author's email in the title block or as a footnote, the other
-- languages' title and abstract or not, the authors' ORCID iDs or not.
local SETTINGS = {
  keywords = "front-matter-keywords",
  corresponding = "front-matter-corresponding",
  other_language = "front-matter-other-language",
  orcid = "front-matter-orcid",
}

-- The profile's front_matter, the defaults where the metadata has none (as its default profile).
local function settings(meta)
  local found = {keywords = "after-abstract", corresponding = "title-block", other_language = true, orcid = true}
  for key, name in pairs(SETTINGS) do
    local value = meta[name]
    if type(value) == "boolean" then
      found[key] = value
    elseif value ~= nil then
      found[key] = pandoc.utils.stringify(value)
    end
    meta[name] = nil
  end
  return found
end

-- `lang` (optional) marks the paragraph's language: the writer sets w:lang on its runs.
local function styled(style, inlines, lang)
  return pandoc.Div({pandoc.Para(inlines)}, {["custom-style"] = style, lang = lang})
end

-- "Correspondence: <email>" of the corresponding author.
local function correspondence(meta, author)
  local label = pandoc.utils.stringify(meta["correspondence-label"])
  local inlines = {pandoc.Str(label .. ": ")}
  for _, inline in ipairs(author.email) do table.insert(inlines, inline) end
  return inlines
end

-- The authors, each with their affiliation marks; the corresponding one marked "*" (the email
-- in the title block) or with a footnote holding the email.
local function authors_line(meta, footnote)
  local inlines = {}
  for i, author in ipairs(meta.authors) do
    if i > 1 then table.insert(inlines, pandoc.Str(", ")) end
    for _, inline in ipairs(author.name) do table.insert(inlines, inline) end
    local marks = pandoc.utils.stringify(author.marks or "")
    if author.corresponding and not footnote then marks = marks .. "*" end
    -- The footnote's number apart from the affiliation marks ("1,2", not "12").
    if author.corresponding and footnote and marks ~= "" then marks = marks .. "," end
    if marks ~= "" then table.insert(inlines, pandoc.Superscript(marks)) end
    if author.corresponding and footnote then
      table.insert(inlines, pandoc.Note({pandoc.Para(correspondence(meta, author))}))
    end
  end
  return inlines
end

function Pandoc(doc)
  -- The build date is in the document properties; on the page it would split titles and authors.
  doc.meta.date = nil
  local meta = doc.meta
  local shown = settings(meta)
  local edition_lang = pandoc.utils.stringify(meta.lang or "")
  if not shown.other_language then meta.subtitle = nil end
  local front = {}
  if not meta.anonymous and meta.authors then
    -- Each fact only once it is known (scripts/checks/metadata.py leaves placeholders out of these).
    local footnote = shown.corresponding == "footnote"
    table.insert(front, styled("Author", authors_line(meta, footnote)))
    for _, aff in ipairs(meta.affiliations or {}) do
      local inlines = {pandoc.Superscript(pandoc.utils.stringify(aff.mark))}
      for _, inline in ipairs(aff.name) do table.insert(inlines, inline) end
      table.insert(front, styled("Affiliation", inlines))
    end
    for _, author in ipairs(meta.authors) do
      if author.corresponding and not footnote then
        local inlines = {pandoc.Superscript("*")}
        for _, inline in ipairs(correspondence(meta, author)) do table.insert(inlines, inline) end
        table.insert(front, styled("Affiliation", inlines))
      end
    end
    for _, author in ipairs(meta.authors) do
      local orcid = pandoc.utils.stringify(author.orcid or "")
      if orcid ~= "" and shown.orcid then
        local line = "ORCID " .. pandoc.utils.stringify(author.name) .. ": " .. orcid
        table.insert(front, styled("Affiliation", {pandoc.Str(line)}))
      end
    end
  end
  local imprint = meta.imprint or {}
  if imprint.issn then
    table.insert(front, styled("Affiliation", {pandoc.Str(pandoc.utils.stringify(imprint.issn))}))
  end
  if imprint["license-name"] then
    local label = pandoc.utils.stringify(meta["license-label"])
    local url = pandoc.utils.stringify(imprint["license-url"])
    local name = pandoc.utils.stringify(imprint["license-name"])
    table.insert(front, styled("Affiliation", {pandoc.Str(label .. ": " .. name .. " ("), pandoc.Link(url, url),
                                               pandoc.Str(")")}))
  end
  for _, abstract in ipairs(meta.abstracts or {}) do
    -- Each abstract, its heading and keywords in their own language, whichever edition this is
    -- (the edition's own alone where the journal shows no other language).
    local lang = pandoc.utils.stringify(abstract.locale or "")
    if shown.other_language or lang == edition_lang then
      lang = lang ~= "" and lang or nil
      local keywords = {pandoc.Strong(pandoc.utils.stringify(abstract["keywords-label"]) .. ":"), pandoc.Space()}
      table.insert(keywords, pandoc.Emph(abstract.keywords))
      if shown.keywords == "before-abstract" then table.insert(front, styled("Keywords", keywords, lang)) end
      table.insert(front, styled("Abstract Title", abstract.heading, lang))
      local text = abstract.text
      local blocks = pandoc.utils.type(text) == "Blocks" and text or {pandoc.Para(text)}
      for _, block in ipairs(blocks) do
        table.insert(front, pandoc.Div({block}, {["custom-style"] = "Abstract", lang = lang}))
      end
      if shown.keywords == "after-abstract" then table.insert(front, styled("Keywords", keywords, lang)) end
    end
  end
  doc.blocks = front .. doc.blocks
  return doc
end
