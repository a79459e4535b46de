-- DOCX front matter. pandoc's DOCX writer drops structured authors and knows one abstract,
-- so the authors, affiliations and every abstract with its keywords are written here as
-- paragraphs in the reference document's Author and Abstract styles, after the titles.

-- `lang` (optional) marks the paragraph's language: the writer sets w:lang on its runs.
local function styled(style, inlines, lang)
  return pandoc.Div({pandoc.Para(inlines)}, {["custom-style"] = style, lang = lang})
end

local function authors_line(authors)
  local inlines = {}
  for i, author in ipairs(authors) do
    if i > 1 then table.insert(inlines, pandoc.Str(", ")) end
    for _, inline in ipairs(author.name) do table.insert(inlines, inline) end
    local marks = pandoc.utils.stringify(author.marks or "")
    if author.corresponding then marks = marks .. "*" end
    if marks ~= "" then table.insert(inlines, pandoc.Superscript(marks)) end
  end
  return inlines
end

function Pandoc(doc)
  -- The build date is in the document properties; on the page it would split titles and authors.
  doc.meta.date = nil
  local meta = doc.meta
  local front = {}
  if not meta.anonymous and meta.authors then
    -- Each fact only once it is known (scripts/checks/metadata.py leaves placeholders out of these).
    table.insert(front, styled("Author", authors_line(meta.authors)))
    for _, aff in ipairs(meta.affiliations or {}) do
      local inlines = {pandoc.Superscript(pandoc.utils.stringify(aff.mark))}
      for _, inline in ipairs(aff.name) do table.insert(inlines, inline) end
      table.insert(front, styled("Affiliation", inlines))
    end
    for _, author in ipairs(meta.authors) do
      if author.corresponding then
        local label = pandoc.utils.stringify(meta["correspondence-label"])
        local inlines = {pandoc.Superscript("*"), pandoc.Str(label .. ": ")}
        for _, inline in ipairs(author.email) do table.insert(inlines, inline) end
        table.insert(front, styled("Affiliation", inlines))
      end
    end
    for _, author in ipairs(meta.authors) do
      local orcid = pandoc.utils.stringify(author.orcid or "")
      if orcid ~= "" then
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
    -- Each abstract, its heading and keywords in their own language, whichever edition this is.
    local lang = pandoc.utils.stringify(abstract.locale or "")
    lang = lang ~= "" and lang or nil
    table.insert(front, styled("Abstract Title", abstract.heading, lang))
    local text = abstract.text
    local blocks = pandoc.utils.type(text) == "Blocks" and text or {pandoc.Para(text)}
    for _, block in ipairs(blocks) do
      table.insert(front, pandoc.Div({block}, {["custom-style"] = "Abstract", lang = lang}))
    end
    local keywords = {pandoc.Strong(pandoc.utils.stringify(abstract["keywords-label"]) .. ":"), pandoc.Space()}
    table.insert(keywords, pandoc.Emph(abstract.keywords))
    table.insert(front, styled("Keywords", keywords, lang))
  end
  doc.blocks = front .. doc.blocks
  return doc
end
