-- The bibliography cut down to what the document cites, before citeproc reads it.
-- citeproc parses every entry of every file `bibliography:` names, cited or not: with a large
-- shared .bib that parse is most of a render. This filter reads the files itself, keeps the
-- entries whose key the document cites (in the text or the metadata, `nocite:` included;
-- `@*` keeps everything), the entries they inherit from (crossref, xref, xdata) and every
-- @string/@preamble, and hands them to citeproc as `references:` in place of the files.
-- A key that is cited but not in the files stays unknown, exactly as it was: citeproc sees
-- the same entries for every key the document cites. The entries are parsed by pandoc itself
-- (biblatex, as it reads a .bib file), so they read exactly as from the file.

-- Entry types that are not references but which references may use.
local KEEP_TYPES = {string = true, preamble = true}
local PARENT_FIELDS = {"crossref", "xref", "xdata"}

-- Every key the document cites: pandoc calls Cite for each citation in the text and in the
-- metadata (nocite included) before it calls Meta.
local cited = {}

function Cite(cite)
  for _, citation in ipairs(cite.citations) do cited[citation.id] = true end
end

-- The end of the entry whose opening delimiter is at `open`: the matching close, braces
-- balanced (as BibTeX requires, inside quotes too).
local function entry_end(text, open)
  local close = text:sub(open, open) == "(" and ")" or "}"
  local depth = 0
  local i = open
  while i <= #text do
    local c = text:sub(i, i)
    if c == "{" then depth = depth + 1
    elseif c == "}" then depth = depth - 1
    end
    if (close == "}" and depth == 0) or (close == ")" and depth == 0 and c == ")") then return i end
    i = text:find("[{}()]", i + 1) or #text + 1
  end
  return #text
end

-- Every entry of a .bib text as {type, key, text}, in order.
local function entries(text)
  local found, at = {}, 1
  while true do
    local start, open, kind = text:find("@%s*([%a_][%w_:-]*)%s*[{(]", at)
    if not start then break end
    local stop = entry_end(text, open)
    local body = text:sub(start, stop)
    local key = body:match("^@%s*[%w_:-]+%s*[{(]%s*([^,%s{}()]+)%s*,") or ""
    table.insert(found, {type = kind:lower(), key = key, text = body})
    at = stop + 1
  end
  return found
end

local function parents(entry)
  local out = {}
  for _, field in ipairs(PARENT_FIELDS) do
    for value in entry.text:gmatch("[,%s]" .. field .. "%s*=%s*[{\"]([^}\"]+)") do
      for key in value:gmatch("[^,%s]+") do table.insert(out, key) end
    end
  end
  return out
end

local function read(path)
  for _, dir in ipairs({".", table.unpack(PANDOC_STATE.resource_path)}) do
    local file = io.open(dir == "." and path or dir .. "/" .. path, "r")
    if file then
      local text = file:read("a")
      file:close()
      return text
    end
  end
  return nil
end

-- The kept entries of all files, as one .bib text; nil when a file cannot be read (citeproc
-- then reads the files itself and says what is wrong).
local function cited_bibliography(files, keys)
  local all = {}
  for _, path in ipairs(files) do
    local text = read(path)
    if text == nil then return nil end
    for _, entry in ipairs(entries(text)) do table.insert(all, entry) end
  end
  local by_key = {}
  for _, entry in ipairs(all) do by_key[entry.key] = by_key[entry.key] or entry end
  local wanted, queue = {}, {}
  for key in pairs(keys) do table.insert(queue, key) end
  while #queue > 0 do
    local key = table.remove(queue)
    local entry = by_key[key]
    if entry and not wanted[key] then
      wanted[key] = true
      for _, parent in ipairs(parents(entry)) do table.insert(queue, parent) end
    end
  end
  local kept = {}
  for _, entry in ipairs(all) do
    if KEEP_TYPES[entry.type] or (entry.type ~= "comment" and wanted[entry.key]) then
      table.insert(kept, entry.text)
    end
  end
  return table.concat(kept, "\n\n")
end

-- Only the metadata is handed back: the body is left as pandoc holds it.
function Meta(meta)
  local bibliography = meta.bibliography
  if bibliography == nil or cited["*"] then return nil end
  local files = {}
  for _, item in ipairs(pandoc.utils.type(bibliography) == "List" and bibliography or {bibliography}) do
    table.insert(files, pandoc.utils.stringify(item))
  end
  for _, path in ipairs(files) do
    if not path:match("%.bib$") then return nil end -- CSL JSON or YAML: left to citeproc
  end
  local text = cited_bibliography(files, cited)
  if text == nil then return nil end
  local references = pandoc.List(meta.references or {})
  references:extend(pandoc.read(text, "biblatex").meta.references or {})
  meta.references = references
  meta.bibliography = nil
  return meta
end
