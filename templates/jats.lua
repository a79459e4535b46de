-- The JATS render's own filter (templates/defaults/jats.yaml): each citation, as citeproc
-- rendered it, is wrapped in an xref to its references (ref ids: pandoc's "ref-" + the citation
-- key), and CSL's `nocase` spans, which pandoc's JATS writer would keep as
-- <named-content content-type="nocase">, give back their text.

local function escape(text)
  return (text:gsub("&", "&amp;"):gsub('"', "&quot;"):gsub("<", "&lt;"))
end

function Span(span)
  if span.classes:includes("nocase") then
    return span.content
  end
end

function Cite(cite)
  local ids = {}
  for _, citation in ipairs(cite.citations) do
    table.insert(ids, "ref-" .. citation.id)
  end
  local open = '<xref ref-type="bibr" rid="' .. escape(table.concat(ids, " ")) .. '">'
  local content = pandoc.Inlines({pandoc.RawInline("jats", open)})
  content:extend(cite.content)
  content:insert(pandoc.RawInline("jats", "</xref>"))
  -- Still a Cite: pandoc's writer makes an element-citation of the references cited alone.
  cite.content = content
  return cite
end
