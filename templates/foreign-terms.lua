-- Foreign terms in italics, the same everywhere: prose, headings, table cells, titles and
-- abstracts. Each edition lists the terms that are foreign in its language under
-- `foreign_terms:` in templates/i18n/<lang>.yaml; a passage marked with another language
-- (a `lang` attribute, or an abstract's `lang`) takes that language's list. A term already in
-- italics is left as it is: a second emphasis would set it upright again.

-- scripts/core/paths.py STRINGS, with %s for the language (tests/article/test_foreign_terms.py keeps them equal).
local STRINGS = "templates/i18n/%s.yaml"

local lists = {}

-- "id-ID" and "id" are both the Indonesian edition.
local function base(lang)
  return (pandoc.utils.stringify(lang or "")):match("^(%a+)") or ""
end

-- The terms of one language, longest first (so "press release" wins over "press"), each as
-- its lower-case words.
local function terms_of(lang)
  if lists[lang] == nil then
    local terms = {}
    local file = io.open(STRINGS:format(lang), "r")
    if file then
      local meta = pandoc.read("---\n" .. file:read("a") .. "\n---\n", "markdown").meta
      file:close()
      for _, term in ipairs(meta.foreign_terms or {}) do
        local words = {}
        for word in pandoc.utils.stringify(term):lower():gmatch("%S+") do table.insert(words, word) end
        table.insert(terms, words)
      end
    end
    table.sort(terms, function(a, b) return #a > #b end)
    lists[lang] = terms
  end
  return lists[lang]
end

-- Leading and trailing punctuation of a word ("(Content)," → "(", "Content", "),").
local function split_punctuation(text)
  return text:match("^([%p]*)(.-)([%p]*)$")
end

local function is_space(inline)
  return inline and (inline.t == "Space" or inline.t == "SoftBreak")
end

-- How many inlines from `i` spell `words` (Str, space, Str, …), with the punctuation outside
-- the term; nil when they do not.
local function match_at(inlines, i, words)
  local first, last = i, i + 2 * (#words - 1)
  local lead, trail
  for n, word in ipairs(words) do
    local inline = inlines[i + 2 * (n - 1)]
    if not inline or inline.t ~= "Str" then return nil end
    if n > 1 and not is_space(inlines[i + 2 * (n - 1) - 1]) then return nil end
    local before, core, after = split_punctuation(inline.text)
    if (n > 1 and before ~= "") or (n < #words and after ~= "") or core:lower() ~= word then return nil end
    if n == 1 then lead = before end
    if n == #words then trail = after end
  end
  return first, last, lead, trail
end

local function italicize(inlines, terms)
  local out, i = pandoc.Inlines({}), 1
  while i <= #inlines do
    local matched = false
    for _, words in ipairs(terms) do
      local first, last, lead, trail = match_at(inlines, i, words)
      if first then
        local term = pandoc.List({})
        for k = first, last do term:insert(inlines[k]:clone()) end
        term[1].text = term[1].text:sub(#lead + 1)
        term[#term].text = term[#term].text:sub(1, #term[#term].text - #trail)
        if lead ~= "" then out:insert(pandoc.Str(lead)) end
        out:insert(pandoc.Emph(term))
        if trail ~= "" then out:insert(pandoc.Str(trail)) end
        i, matched = last + 1, true
        break
      end
    end
    if not matched then
      out:insert(inlines[i])
      i = i + 1
    end
  end
  return out
end

-- A filter for one language; a Span or Div in another language is walked with that one's.
local function filter_for(lang)
  local filter
  local function switch(element)
    local other = base(element.attributes.lang)
    if other ~= "" and other ~= lang then
      return element:walk(filter_for(other)), false
    end
  end
  filter = {
    traverse = "topdown",
    Inlines = function(inlines) return italicize(inlines, terms_of(lang)) end,
    Emph = function(emph) return emph, false end,
    Cite = function(cite) return cite, false end,
    Link = function(link) link.content = italicize(link.content, terms_of(lang)) return link, false end,
    Span = switch,
    Div = switch,
  }
  return filter
end

local function walk_meta(value, filter)
  local kind = pandoc.utils.type(value)
  if kind == "Blocks" then return pandoc.Div(value):walk(filter).content end
  if kind == "Inlines" then return pandoc.Span(value):walk(filter).content end
  return value
end

function Pandoc(doc)
  local lang = base(doc.meta.lang)
  if lang == "" then return nil end
  local filter = filter_for(lang)
  for _, key in ipairs({"title", "subtitle"}) do
    if doc.meta[key] then doc.meta[key] = walk_meta(doc.meta[key], filter) end
  end
  for _, abstract in ipairs(doc.meta.abstracts or {}) do
    local own = base(abstract.lang)
    abstract.text = walk_meta(abstract.text, filter_for(own ~= "" and own or lang))
  end
  doc.blocks = doc.blocks:walk(filter)
  return doc
end
