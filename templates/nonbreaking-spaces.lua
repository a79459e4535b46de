-- Non-breaking spaces where style guides want them, in every edition and format: a number and
-- the word it counts or names ("7 Cs", "2 November", "12,5 %"), a label or locator and its number
-- ("Table 2", "p. 5", "hlm. 5", "No. 1"), a month and its year ("November 2022"), and an
-- initial and the name after it ("S. M. Cutlip"). The words that name a number come from
-- templates/i18n/<lang>.yaml (table, figure, page, page_locators, dates.months), so a new
-- edition brings its own.

-- scripts/core/paths.py STRINGS, with %s for the language.
local STRINGS = "templates/i18n/%s.yaml"
local NBSP = "\u{00A0}"

local function base(lang)
  return (pandoc.utils.stringify(lang or "")):match("^(%a+)") or ""
end

local labels_of_lang = {}

-- The words of one language that stand before a number, lower-case.
local function labels_of(lang)
  if labels_of_lang[lang] == nil then
    local labels = {}
    local file = io.open(STRINGS:format(lang), "r")
    if file then
      local meta = pandoc.read("---\n" .. file:read("a") .. "\n---\n", "markdown").meta
      file:close()
      local function add(value)
        if value then labels[pandoc.utils.stringify(value):lower()] = true end
      end
      add(meta.table)
      add(meta.figure)
      add(meta.page)
      for _, locator in ipairs(meta.page_locators or {}) do add(locator) end
      for _, month in ipairs((meta.dates or {}).months or {}) do add(month) end
    end
    labels_of_lang[lang] = labels
  end
  return labels_of_lang[lang]
end

-- A count or other number ("7", "20–29", "12,5"), not a year standing alone ("2022"): a year
-- is followed by whatever the sentence says next.
local function is_number(text)
  return text:match("^%(?%d[%d.,–-]*$") ~= nil and text:match("%d$") ~= nil and text:match("^%(?%d%d%d%d$") == nil
end

local function starts_with_letter(text)
  return text:match("^[%a\128-\255]") ~= nil
end

-- A short abbreviation that stands before a number ("p.", "pp.", "No.", "Vol.").
local function is_abbreviation(text)
  return text:match("^%(?%a%a?%a?%a?%.$") ~= nil
end

-- What follows the last non-breaking space of `text`, and whether there was one.
local function last_word(text)
  local start, joined = 1, false
  while true do
    local at = text:find(NBSP, start, true)
    if not at then return text:sub(start), joined end
    start, joined = at + #NBSP, true
  end
end

-- `previous` is the Str before the space, with any words joined to it already.
local function binds(previous, after, labels)
  local before, joined = last_word(previous)
  local word = before:gsub("^%(", ""):lower()
  if after:match("^%d") then
    return labels[word] or is_abbreviation(before)
  end
  if before:match("^%u%.$") and after:match("^%u") then
    return true  -- an initial and the name after it
  end
  -- A number and its noun; not the number a label names ("Table 2 of").
  return not joined and is_number(before) and (starts_with_letter(after) or after:match("^%%") ~= nil)
end

-- Str, Space, Str → one Str joined by a non-breaking space, where they bind.
local function join(inlines, labels)
  local out = pandoc.Inlines({})
  for _, inline in ipairs(inlines) do
    local last, previous = out[#out], out[#out - 1]
    if inline.t == "Str" and last and (last.t == "Space" or last.t == "SoftBreak")
        and previous and previous.t == "Str" and binds(previous.text, inline.text, labels) then
      out:remove(#out)
      previous.text = previous.text .. NBSP .. inline.text
    else
      out:insert(inline)
    end
  end
  return out
end

local function filter_for(lang)
  local function switch(element)
    local other = base(element.attributes.lang)
    if other ~= "" and other ~= lang then
      return element:walk(filter_for(other)), false
    end
  end
  return {
    traverse = "topdown",
    Inlines = function(inlines) return join(inlines, labels_of(lang)) end,
    Code = function(code) return code, false end,
    Span = switch,
    Div = switch,
  }
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
  for _, abstract in ipairs(doc.meta.abstracts or {}) do
    local own = base(abstract.lang)
    abstract.text = walk_meta(abstract.text, filter_for(own ~= "" and own or lang))
  end
  doc.blocks = doc.blocks:walk(filter_for(lang))
  return doc
end
