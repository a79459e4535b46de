-- The marked version in typst: insertions in blue and underlined, deletions in red and struck
-- through (scripts/changes/diff_ast.py makes the `insertion`/`deletion` spans; pandoc's DOCX writer
-- turns the same spans into tracked changes). An image inserted is framed in blue, one deleted
-- in dashed red. Every changed word leaves an invisible mark, and each page
-- draws a change bar in its left margin at the height of every line with a mark.

local STYLE = {
  insertion = {text = "#changes-inserted[", image = "#changes-inserted-image["},
  deletion = {text = "#changes-deleted[", image = "#changes-deleted-image["},
}

-- Put before the body through the template's header-includes, so the page rule that draws
-- the bars comes before any content (a page rule later would start a new page).
local DEFINITIONS = [[
#let changes-inserted-colour = rgb("#0b57d0")
#let changes-deleted-colour = rgb("#b3261e")
#let changes-inserted(body) = text(fill: changes-inserted-colour, underline(offset: 2pt, body))
#let changes-deleted(body) = text(fill: changes-deleted-colour, strike(body))
#let changes-inserted-image(body) = box(stroke: 1.5pt + changes-inserted-colour, inset: 3pt, body)
#let changes-deleted-image(body) = box(stroke: (paint: changes-deleted-colour, thickness: 1.5pt, dash: "dashed"), inset: 3pt, body)
#let changes-mark = [#metadata("change")<changes-mark>]
#set page(background: context {
  let page = here().page()
  for mark in query(<changes-mark>) {
    let at = mark.location().position()
    if at.page == page {
      place(top + left, dx: 1.3cm, dy: at.y - 0.8em, line(angle: 90deg, length: 1.05em, stroke: 1.5pt + rgb("#b8860b")))
    }
  }
})
]]

local function kind(span)
  for name, _ in pairs(STYLE) do
    if span.classes:includes(name) then return name end
  end
  return nil
end

local function marked(inline)
  return {pandoc.RawInline("typst", "#changes-mark;"), inline}
end

-- A mark before every word, however deep in emphasis or quotes: a change may span lines.
local function with_marks(inlines, name)
  return inlines:walk({
    Str = marked, Code = marked, Math = marked,
    Image = function(image)
      return {pandoc.RawInline("typst", "#changes-mark;" .. STYLE[name].image), image, pandoc.RawInline("typst", "]")}
    end,
  })
end

function Span(span)
  local name = kind(span)
  if name == nil then return nil end
  local out = pandoc.Inlines({pandoc.RawInline("typst", STYLE[name].text)})
  out:extend(with_marks(span.content, name))
  out:insert(pandoc.RawInline("typst", "]"))
  return out
end

-- citeproc has rendered the citations already; without --citeproc pandoc's typst writer
-- would turn them into typst's own citations, which have no bibliography here.
function Cite(cite)
  return cite.content
end

function Meta(meta)
  local includes = meta["header-includes"] or pandoc.MetaList({})
  if pandoc.utils.type(includes) ~= "List" then includes = pandoc.MetaList({includes}) end
  includes:insert(pandoc.MetaBlocks({pandoc.RawBlock("typst", DEFINITIONS)}))
  meta["header-includes"] = includes
  return meta
end
