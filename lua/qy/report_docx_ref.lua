-- qy.report_docx_ref — the parts of the reference document pandoc styles a
-- report's .docx from (pandoc --reference-doc), kept as text so a change is
-- a readable diff; qy.report_docx zips them when it writes a .docx.
--
-- The layout follows GB/T 9704-2012 (the format of Party and government
-- documents) as far as a data report can: A4, margins 37/35/28/26 mm (top,
-- bottom, left, right), body 仿宋 三号 (16 pt) on a 28 pt line, headings in
-- 黑体, tables 宋体 五号 (10.5 pt) with full borders, page numbers "— 1 —"
-- centred below the text. Latin text and digits are Times New Roman. Fonts
-- are named as Windows (and so Word) knows them; on Linux LibreOffice maps
-- them through fontconfig (see README, "Word and PDF").
--
-- pandoc keeps from the reference: styles.xml (adding the styles it needs
-- and the reference lacks), the last w:sectPr of document.xml, and the
-- header and footer parts the document's rels name.
local M = {}

-- Sizes in half-points (w:sz) and twips (1/20 pt; 1 mm = 56.7 twips).
local W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
local R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

-- w:rFonts naming the East Asian font and Times New Roman for the rest.
local function fonts(east)
    return '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="'
        .. east .. '"/>'
end

local function size(half_points)
    return '<w:sz w:val="' .. half_points .. '"/><w:szCs w:val="' .. half_points .. '"/>'
end

-- A paragraph style: id, name, based on, pPr and rPr contents.
local function pstyle(id, name, based, ppr, rpr, extra)
    return '<w:style w:type="paragraph" w:customStyle="1" w:styleId="' .. id .. '"><w:name w:val="' .. name .. '"/>'
        .. (based and '<w:basedOn w:val="' .. based .. '"/>' or '') .. (extra or '') .. '<w:qFormat/>'
        .. '<w:pPr>' .. (ppr or '') .. '</w:pPr><w:rPr>' .. (rpr or '') .. '</w:rPr></w:style>'
end

-- Headings: kept with the next paragraph and never split; outline levels
-- so Word's navigation pane shows them.
local function heading(level, east, half_points, ppr)
    return '<w:style w:type="paragraph" w:styleId="Heading' .. level .. '"><w:name w:val="heading ' .. level .. '"/>'
        .. '<w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/><w:qFormat/>'
        .. '<w:pPr><w:keepNext/><w:keepLines/>' .. ppr .. '<w:outlineLvl w:val="' .. (level - 1) .. '"/></w:pPr>'
        .. '<w:rPr>' .. fonts(east) .. '<w:b w:val="0"/><w:bCs w:val="0"/>' .. size(half_points) .. '</w:rPr></w:style>'
end

local BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'

local STYLES = table.concat{
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<w:styles ', W, ' ', R, '>',
    '<w:docDefaults><w:rPrDefault><w:rPr>', fonts('仿宋'), size(32),
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>',
    '<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>',
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>',
    '<w:pPr><w:widowControl/><w:jc w:val="both"/></w:pPr></w:style>',
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>',
    '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
    -- Body: 仿宋 三号, first line indented two characters, 28 pt lines.
    '<w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:qFormat/>',
    '<w:pPr><w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/>',
    '<w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr></w:style>',
    pstyle('FirstParagraph', 'First Paragraph', 'BodyText', nil, nil, '<w:next w:val="BodyText"/>'),
    -- A lead-in to a table or figure, kept on the page with it.
    pstyle('BodyTextKeep', 'Body Text Keep', 'BodyText', '<w:keepNext/>'),
    -- Table cells (pandoc's Compact): 宋体 五号, single lines, no indent.
    pstyle('Compact', 'Compact', 'Normal', '<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/>',
           fonts('宋体') .. size(21)),
    -- The cells of a short table but its last row: the table stays on one page.
    pstyle('TableKeep', 'TableKeep', 'Compact', '<w:keepNext/>'),
    heading(1, '黑体', 44, '<w:spacing w:before="240" w:after="360" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>'),
    heading(2, '黑体', 32, '<w:spacing w:before="280" w:after="0" w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/>'),
    heading(3, '黑体', 30, '<w:spacing w:before="140" w:after="0" w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/>'),
    heading(4, '仿宋', 32, '<w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/>'),
    -- The lead-in line under the title: 楷体 小四, centred.
    pstyle('BlockText', 'Block Text', 'Normal', '<w:spacing w:before="0" w:after="240" w:line="360" w:lineRule="exact"/><w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="center"/>',
           fonts('楷体') .. size(24), '<w:next w:val="BodyText"/>'),
    -- The rule: a 0.75 pt line under an empty 2 pt paragraph.
    pstyle('Rule', 'Rule', 'Normal', '<w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
           .. '<w:spacing w:before="240" w:after="120" w:line="80" w:lineRule="exact"/><w:ind w:firstLine="0"/>', size(4)),
    -- Small print: 仿宋 小四.
    pstyle('Note', 'Note', 'Normal', '<w:spacing w:before="60" w:after="120" w:line="360" w:lineRule="exact"/><w:ind w:firstLine="0"/>',
           fonts('仿宋') .. size(24)),
    -- Captions: 黑体 小四, centred; a table's caption stays with its table.
    pstyle('Caption', 'caption', 'Normal', '<w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/>', fonts('黑体') .. size(24)),
    pstyle('TableCaption', 'Table Caption', 'Caption', '<w:keepNext/><w:spacing w:before="240" w:after="60"/>'),
    pstyle('ImageCaption', 'Image Caption', 'Caption', '<w:spacing w:before="60" w:after="240"/>'),
    pstyle('Figure', 'Figure', 'Normal', '<w:jc w:val="center"/>'),
    pstyle('CaptionedFigure', 'Captioned Figure', 'Figure', '<w:keepNext/><w:spacing w:before="120" w:after="0"/>'),
    pstyle('Title', 'Title', 'Heading1'),
    pstyle('Footer', 'footer', 'Normal', '<w:jc w:val="center"/>', fonts('宋体') .. size(28)),
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>',
    '<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>',
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>',
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    -- pandoc's tables: every cell bordered, centred on the page, the header
    -- row bold on light grey and repeated on each page.
    '<w:style w:type="table" w:styleId="Table"><w:name w:val="Table"/><w:basedOn w:val="TableNormal"/><w:qFormat/>',
    '<w:tblPr><w:jc w:val="center"/><w:tblBorders>',
    '<w:top ', BORDER, '/><w:left ', BORDER, '/><w:bottom ', BORDER, '/><w:right ', BORDER, '/>',
    '<w:insideH ', BORDER, '/><w:insideV ', BORDER, '/></w:tblBorders>',
    '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/>',
    '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>',
    '<w:trPr><w:cantSplit/></w:trPr><w:tcPr><w:vAlign w:val="center"/></w:tcPr>',
    '<w:tblStylePr w:type="firstRow"><w:pPr><w:keepNext/></w:pPr><w:rPr>', fonts('黑体'), '</w:rPr>',
    '<w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/></w:tcPr></w:tblStylePr>',
    '</w:style>',
    '</w:styles>',
}

-- The page: A4 (11906 × 16838 twips) portrait, the GB/T 9704 margins, the
-- footer 20 mm above the paper's edge.
local SECTION = '<w:sectPr><w:footerReference w:type="default" r:id="rIdQyFooter"/>'
    .. '<w:pgSz w:w="11906" w:h="16838"/>'
    .. '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1134" w:gutter="0"/>'
    .. '<w:cols w:space="425"/><w:docGrid w:linePitch="312"/></w:sectPr>'

local DOCUMENT = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    .. '<w:document ' .. W .. ' ' .. R .. '><w:body><w:p/>' .. SECTION .. '</w:body></w:document>'

-- "— 7 —": the PAGE field between two em dashes, 宋体 四号.
local FOOTER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    .. '<w:ftr ' .. W .. ' ' .. R .. '><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
    .. '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
    .. '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    .. '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>'

local REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'

local DOCUMENT_RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    .. '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    .. '<Relationship Id="rIdQyStyles" Type="' .. REL .. 'styles" Target="styles.xml"/>'
    .. '<Relationship Id="rIdQyFooter" Type="' .. REL .. 'footer" Target="footer1.xml"/>'
    .. '</Relationships>'

local PACKAGE_RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    .. '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    .. '<Relationship Id="rId1" Type="' .. REL .. 'officeDocument" Target="word/document.xml"/>'
    .. '</Relationships>'

local CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml.'
local CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    .. '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    .. '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    .. '<Default Extension="xml" ContentType="application/xml"/>'
    .. '<Override PartName="/word/document.xml" ContentType="' .. CT .. 'document.main+xml"/>'
    .. '<Override PartName="/word/styles.xml" ContentType="' .. CT .. 'styles+xml"/>'
    .. '<Override PartName="/word/footer1.xml" ContentType="' .. CT .. 'footer+xml"/>'
    .. '</Types>'

-- The parts in zip order ([Content_Types].xml first), as qy._zip_write wants them.
M.parts = {
    { "[Content_Types].xml", CONTENT_TYPES },
    { "_rels/.rels", PACKAGE_RELS },
    { "word/document.xml", DOCUMENT },
    { "word/_rels/document.xml.rels", DOCUMENT_RELS },
    { "word/styles.xml", STYLES },
    { "word/footer1.xml", FOOTER },
}

-- The text width in twips (A4 less the left and right margins): what a
-- figure may fill.
M.text_width_twips = 11906 - 1587 - 1474

return M
