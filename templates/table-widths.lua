-- Let each output format size table columns to their content. A pipe table's column widths
-- otherwise follow the dash counts of its separator line, which squeezes short columns.
function Table(tbl)
  for i, colspec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = {colspec[1], pandoc.ColWidthDefault}
  end
  return tbl
end
