-- Grouped table rows as merged cells. A generated table whose declaration shows a column once
-- per group (`repeat: false`, data/tables/) leaves that column's cell empty on the group's
-- other rows; assemble.py wraps such a table in a Div `grouped-rows` naming those columns
-- (1-based). Here each such cell spans the empty cells below it (row_span), so that DOCX
-- (vMerge), the PDF (typst rowspan, tagged) and JATS (rowspan) read the key once, not as blanks.

local function blank(cell)
  return not pandoc.utils.stringify(cell.contents):match("%S")
end

-- The rows of one table body with the cells of `columns` merged into the cell above on each
-- row that continues a group: a row whose cells in `columns` are all empty (assemble.py's
-- grouped tables leave them so on every row of a group but its first; an empty value on a
-- group's first row stays that group's own cell).
local function merged(rows, columns)
  local spans, continues = {}, {}  -- spans[r][c]: rows the cell covers; continues[r]: merged into the rows above
  local open = {}                  -- open[c]: the row whose cell in column c spans down
  for r, row in ipairs(rows) do
    spans[r] = {}
    continues[r] = r > 1
    for c, cell in ipairs(row.cells) do
      if columns[c] and not blank(cell) then continues[r] = false end
    end
    for c, _ in ipairs(row.cells) do
      if columns[c] and continues[r] then
        spans[open[c]][c] = spans[open[c]][c] + 1
      elseif columns[c] then
        open[c] = r
        spans[r][c] = 1
      end
    end
  end
  local result = {}
  for r, row in ipairs(rows) do
    local cells = {}
    for c, cell in ipairs(row.cells) do
      if not (continues[r] and columns[c]) then
        if spans[r][c] then cell.row_span = spans[r][c] end
        table.insert(cells, cell)
      end
    end
    row.cells = cells
    result[r] = row
  end
  return result
end

function Div(div)
  if not div.classes:includes("grouped-rows") or #div.content ~= 1 or div.content[1].t ~= "Table" then
    return nil
  end
  local columns = {}
  for number in (div.attributes.columns or ""):gmatch("%d+") do columns[tonumber(number)] = true end
  local tbl = div.content[1]
  local bodies = tbl.bodies
  for i, body in ipairs(bodies) do
    body.body = merged(body.body, columns)
    bodies[i] = body
  end
  tbl.bodies = bodies
  return tbl
end
