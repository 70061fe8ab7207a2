"""Every message the generator can say, in one place.

Each message has a stable code (E1xx loading, E2xx validation, E3xx publishing
safety, W4xx warnings), a Chinese text, an English text and a hint telling the
office how to fix it. Messages are formatted as
``path:line: 中文说明 (English) 提示：…`` so that both people and editors that
understand ``file:line:`` can use them.
"""

from __future__ import annotations

import functools
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from bulletin.texts import Both

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Message:
    code: str
    zh: str
    en: str
    hint: str = ""

    @property
    def level(self) -> str:
        return WARNING if self.code.startswith("W") else ERROR


# The catalogue. Texts use str.format fields; keep codes stable once published,
# docs/messages.md lists them all (a test checks the two agree).
CATALOG: dict[str, Message] = {
    m.code: m
    for m in [
        # -- E1xx: reading files and front matter --------------------------------
        Message("E101", "无法读取文件：{reason}", "cannot read file: {reason}",
                "请检查文件是否存在、是否被其他程序占用。"),
        Message("E102", "文件不是有效的 UTF-8 或 GBK 编码文本", "file is not valid UTF-8 or GBK text",
                "请用记事本打开后“另存为”，编码选择“UTF-8”。"),
        Message("E103", "文件开头缺少以“---”开始的头信息（front matter）",
                "missing front matter: the file must start with a '---' line",
                "请在文件第1行写“---”，接着写“标题: …”等字段，再用一行“---”结束。"),
        Message("E104", "头信息没有结束：从第{start}行的“---”开始，找不到结束的“---”",
                "unclosed front matter: no closing '---' after line {start}",
                "请在头信息最后一个字段之后单独写一行“---”。"),
        Message("E105", "头信息格式错误，无法读取", "front matter is not valid YAML: {problem}",
                "每行写成“字段: 值”（冒号为半角，冒号后有一个空格）。"),
        Message("E106", "头信息必须是“字段: 值”的列表，这里却是{found}",
                "front matter must be a mapping of keys to values, found {found}",
                "每行写成“字段: 值”，例如“title: 玉东新区召开动员会”。"),
        Message("E107", "字段“{key}”重复出现（上一次在第{first}行）",
                "duplicate key '{key}' (first on line {first})",
                "同一字段只能写一次，请删除多余的一行。"),
        Message("E108", "第{line}行使用了全角冒号“：”，请改为半角冒号“:”",
                "line {line} uses a full-width colon '：'; use ':' instead",
                "把“：”改为英文半角“:”，并在其后加一个空格。"),
        Message("E109", "第{line}行行首使用了{what}缩进",
                "line {line} is indented with {what}",
                "头信息只能用半角空格缩进，请删除全角空格或制表符。"),
        Message("E110", "头信息结构过于复杂（嵌套或引用过多）",
                "front matter is too complex (too much nesting or too many aliases)",
                "请简化头信息，不要使用 YAML 锚点（&）和引用（*）。"),
        Message("E111", "YAML 文件格式错误，无法读取", "invalid YAML: {problem}",
                "请检查缩进和冒号；每行写成“字段: 值”。"),
        Message("E112", "{name} 必须是“字段: 值”的映射", "{name} must be a mapping",
                "请参照 docs/content-format.md 中的示例填写。"),
        # -- E2xx: validation ---------------------------------------------------
        Message("E201", "缺少必填字段“{key}”", "missing required field '{key}'",
                "请在头信息中加上一行“{key}: …”。"),
        Message("E202", "字段“{key}”的值应为{expected}，实际为：{value}",
                "field '{key}' must be {expected_en}, got: {value}",
                "请参照 docs/content-format.md 改正该字段。"),
        Message("E203", "未知的文章类型“{value}”", "unknown article kind '{value}'",
                "类型只能是 briefing（工作动态）、case（典型案例）或 progress（进展通报）。"),
        Message("E204", "未知的单位“{value}”{suggestion}", "unknown unit '{value}'{suggestion_en}",
                "单位须是 units.yaml 中登记的 id 或名称。"),
        Message("E205", "日期“{value}”无效", "invalid date '{value}'",
                "请写成 2011-03-05、2011年3月5日、2011.3.5 或 2011/3/5。"),
        Message("E206", "未知的指标“{value}”{suggestion}", "unknown metric '{value}'{suggestion_en}",
                "指标须在 site.yaml 的 metrics 中定义。"),
        Message("E207", "指标“{metric}”的值必须是数字，实际为：{value}",
                "metric '{metric}' must be a number, got: {value}",
                "只写数字，不要带单位，例如“participants: 126”。"),
        Message("E208", "第{number}期重复：与 {other} 是同一期", "duplicate issue {number}: same as {other}",
                "同一年内期号不能重复（7 与 007 视为同一期），请修改文件夹名。"),
        Message("E209", "文章不在某一期的文件夹中", "article is not inside an issue folder",
                "文章须放在 issues/年份/期号/ 文件夹中，例如 issues/2011/003/01-玉东.md。"),
        Message("E210", "期文件夹缺少 issue.md", "issue folder has no issue.md",
                "请在该文件夹中新建 issue.md，至少写明“date: 印发日期”。"),
        Message("E211", "文件夹名“{name}”不是有效的{what}", "folder name '{name}' is not a valid {what}",
                "年份文件夹写成 4 位数字（2011），期号文件夹写成数字（3 或 003）。"),
        Message("E212", "文章日期 {date} 晚于本期印发日期 {issue_date}",
                "article date {date} is after the issue date {issue_date}",
                "请核对文章日期或本期印发日期。"),
        Message("E213", "单位 id“{value}”无效", "invalid unit id '{value}'",
                "单位 id 只能用小写英文字母、数字和连字符，例如 yudong。"),
        Message("E214", "单位 id“{value}”重复", "duplicate unit id '{value}'",
                "每个单位的 id 必须唯一。"),
        Message("E215", "未知的阶段“{value}”{suggestion}", "unknown stage '{value}'{suggestion_en}",
                "阶段须在 site.yaml 的 stages 中定义。"),
        Message("E216", "指标中的单位“{value}”不在本文的 units 中",
                "metrics are given for unit '{value}', which is not in this article's units",
                "请把该单位加入 units，或删除它的指标。"),
        Message("E217", "只有进展通报（progress）才能填写指标 metrics",
                "only progress reports may carry metrics", "请删除 metrics，或把类型改为 progress。"),
        Message("E218", "平铺写法的指标只能用于单个单位的文章",
                "flat metrics need exactly one unit", "多个单位时请写成“metrics: {{单位id: {{指标: 数值}}}}”。"),
        Message("E219", "单位资料文件对应的单位“{value}”不在 units.yaml 中",
                "unit profile for '{value}', which is not in units.yaml",
                "请把文件名改为已登记单位的 id，或在 units.yaml 中登记该单位。"),
        Message("E220", "未知的单位类型“{value}”", "unknown unit type '{value}'",
                "类型只能是 county（县市区）、department（市直单位）或 other。"),
        Message("E221", "阶段 id“{value}”重复或无效", "duplicate or invalid stage id '{value}'",
                "每个阶段须有唯一的 id 和 name。"),
        Message("E222", "找不到内容文件夹“{path}”", "content folder '{path}' not found",
                "请用 --content 指定包含 site.yaml 的文件夹。"),
        Message("E223", "总期号 {total} 与 {other} 重复", "total number {total} repeats {other}",
                "请核对 issue.md 中的 total。"),
        Message("E224", "找不到模板文件夹“{path}”", "templates folder '{path}' not found",
                "请用 --templates 指定主题文件夹，或省略以使用默认主题。"),
        Message("E225", "模板错误：{problem}", "template error: {problem}",
                "请检查该模板的 Jinja2 语法和用到的变量。"),
        Message("E226", "输出文件夹“{path}”中有不是本工具生成的文件，为免误删，拒绝写入",
                "output folder '{path}' holds files this tool did not write; refusing to overwrite it",
                "请用 --out 指定一个空文件夹或以前生成的站点文件夹。"),
        # -- E230..E239: output paths, owned by the router (reserved: issue 14) -------
        Message("E230", "两处内容会写到同一个输出文件“{path}”：本文件与“{other}”，后者的页面会被覆盖",
                "two sources would be written to the same output file '{path}': this file and '{other}'",
                "请给其中一个文件改名（文件名中的括号、斜杠、空格等会变成“-”，因此改名时请让两者的汉字或字母不同）。"),
        Message("E231", "输出文件“{path}”与“{other_path}”（来自“{other}”）只有大小写不同，在 Windows 上是同一个文件",
                "output file '{path}' differs only in case from '{other_path}' (from '{other}'): "
                "one file on Windows",
                "请给其中一个文件改名，使两者不只是大小写不同。"),
        Message("E232", "“{name}”是 Windows 的保留名称，无法保存为文件（输出“{path}”）",
                "'{name}' is a name Windows reserves and cannot store as a file (output '{path}')",
                "CON、PRN、AUX、NUL、COM1～COM9、LPT1～LPT9 不能用作文件名（加扩展名也不行），请给文件改名。"),
        # -- E24x: statistics (reserved: issue 5) -------------------------------------
        Message("E240", "没有名为“{value}”的{kind}统计期间", "no {kind_en} period '{value}'",
                "可用的期间：{choices}"),
        Message("E241", "无法写入统计文件：{reason}", "cannot write the statistics file: {reason}",
                "请检查文件夹是否存在、文件是否正被 Excel 等程序打开。"),
        # -- E25x: build cache and speed (reserved: issue 6) --------------------------
        Message("E250", "无法使用缓存文件夹“{folder}”：{reason}", "cannot use the cache folder '{folder}': {reason}",
                "请用 --cache 指定一个可写的文件夹，或用 --no-cache 不使用缓存；缓存文件夹可以随时删除。"),
        # -- E26x: several series and supplements (issue 10) ---------------------------
        Message("E260", "文件夹 series/{id} 不是 site.yaml 中登记的简报系列",
                "folder series/{id} is not a series declared in site.yaml",
                "请在 site.yaml 的 series 中加上“- id: {id}”和它的 title，或把文件夹改为已登记系列的 id。"),
        Message("E261", "简报系列 id“{value}”重复（上一次在第{first}行）",
                "duplicate series id '{value}' (first on line {first})",
                "每个系列的 id 必须唯一，请改名或删除重复的一项。"),
        Message("E262", "简报系列 id“{value}”不能使用：{reason}", "series id '{value}' cannot be used: {reason_en}",
                "系列 id 只能用小写英文字母、数字和连字符（如 tongbao），且不能是 main、issues 或 CON、NUL 等设备名。"),
        Message("E263", "增刊第{number}期重复：与 {other} 是同一期",
                "duplicate supplement {number}: same as {other}",
                "同一年内增刊期号不能重复（s1、s01、s001 视为同一期），请修改文件夹名。"),
        Message("E264", "文件夹名“{name}”不是有效的增刊期号", "folder name '{name}' is not a valid supplement number",
                "增刊文件夹写成 s 加数字（s1 或 s01，表示增刊第1期），正刊文件夹写成数字（3 或 003）。"),
        Message("E265", "期文件夹“{name}”直接放在 series/{series}/ 下，缺少年份文件夹",
                "issue folder '{name}' sits directly in series/{series}/, without a year folder",
                "请放到年份文件夹中，例如 series/{series}/2011/{name}/。"),
        Message("E266", "简报系列的写法有误：{problem}", "invalid series entry: {problem_en}",
                "每个系列写成“- id: tongbao”，下一行缩进写“title: 学习情况通报”；其余字段可省略。"),
        Message("E267", "增刊不计入总期号，不能写 total",
                "a supplement is not counted in the total number; total is not allowed",
                "请删除增刊 issue.md 中的 total（总期号）；增刊单独编号为增刊第N期。"),
        Message("E268", "没有名为“{value}”的简报系列", "no series '{value}'",
                "可用的系列：{choices}"),
        # -- E3xx: publishing safety ----------------------------------------------
        Message("E301", "文章密级为“{value}”，涉密内容不得发布到内网站点",
                "article is classified '{value}' and must never be published",
                "涉密文章请移出 content 文件夹，按保密规定另行处理。"),
        Message("E302", "未知的密级“{value}”", "unknown classification '{value}'",
                "可发布的密级只有“公开”和“内部”。"),
        # -- E303..E329: publishing safety (reserved: issue 7) ---------------------
        Message("E303", "出现密级标志“{mark}”，涉密内容不得发布到内网站点",
                "classification marking '{mark}' found; classified text must never be published",
                "涉密文稿请移出 content 文件夹，按保密规定另行处理；如系误写，请删除该标志。"),
        Message("E304", "文件名含密级标志“{mark}”", "file name carries the classification marking '{mark}'",
                "涉密文件不得放入 content 文件夹，请移出后按保密规定处理。"),
        Message("E305", "本期未经保密审查，不能发布", "issue has no confidentiality review sign-off",
                "site.yaml 设置了 review_required，请在 issue.md 中写明“review: {{by: 审查人, on: 审查日期}}”"
                "（谁发布谁负责）。"),
        Message("E306", "保密审查记录不完整：{problem}", "incomplete review sign-off: {problem_en}",
                "写成“review: {{by: 张三, on: 2011-03-01}}”，审查人和日期都要填写。"),
        Message("E307", "公开版不得发布内部资料：{what}",
                "the public edition must not carry internal material: {what_en}",
                "公开版只能发布密级为“公开”的期和文章；请把内部资料移出本站内容，或把 edition 改为 internal。"),
        Message("E308", "链接或图片“{target}”指向内容文件夹之外",
                "link or image '{target}' points outside the content folder",
                "只能引用 content 文件夹内的文件，请把文件放在文章旁边并用相对路径引用。"),
        Message("E309", "链接或图片“{target}”使用了本机绝对路径", "link or image '{target}' is an absolute file path",
                "站点可能部署在任意子路径下，请把文件放在文章旁边，用相对路径（如 photo.jpg）引用。"),
        Message("E310", "图片或资源“{target}”来自其他网站，内网读者无法加载",
                "image or resource '{target}' is loaded from another host",
                "请把图片下载后放在文章旁边，用相对路径引用。"),
        Message("E311", "“{path}”是指向内容文件夹之外的符号链接（快捷方式）",
                "'{path}' is a symbolic link leading outside the content folder",
                "请把文件本身复制到 content 文件夹中，不要使用链接。"),
        Message("E312", "文件过大（{size}），超过 {limit} 的上限", "file too large ({size}; the limit is {limit})",
                "简报文章一般只有几千字；请检查是否误粘贴了大量内容，或把附件作为单独文件放在文章旁边。"),
        Message("E313", "发布检查：链接“{target}”指向不存在的文件", "publish check: link '{target}' is broken",
                "请检查模板或文章中的链接；站点未发布。"),
        Message("E314", "发布检查：页面引用了外部资源“{target}”",
                "publish check: page loads the external resource '{target}'",
                "内网站点不得从其他网站加载任何内容；请把资源放入主题的 static 文件夹。"),
        Message("E315", "发布检查：输出中出现密级标志“{mark}”",
                "publish check: classification marking '{mark}' in the output",
                "请检查模板和 site.yaml 是否写入了密级标志；站点未发布。"),
        Message("E316", "发布检查：未发布的文章“{title}”（{source}）出现在输出中",
                "publish check: withheld article '{title}' ({source}) reached the output",
                "草稿和未到发布日期的文章不得发布；请检查模板或主题；站点未发布。"),
        Message("E317", "发布检查：页面含有不安全的 HTML（{what}）",
                "publish check: unsafe HTML in the output ({what})",
                "不得有内联事件、javascript: 链接或 iframe；请检查模板或关闭 allow_html。"),
        Message("E318", "发布目标“{path}”不是本工具发布的站点，为免误删，拒绝替换",
                "publish target '{path}' was not published by this tool; refusing to replace it",
                "请用 --to 指定一个新路径，或先把该文件夹移走。"),
        Message("E319", "另一个发布或回退正在进行，等待 {seconds} 秒后仍未结束",
                "another publish or rollback is still running after {seconds} s",
                "请稍后再试；如确认没有其他发布在运行，删除“{lock}”后重试。"),
        Message("E320", "无法把发布目标“{path}”切换到新版本：{reason}",
                "cannot switch the publish target '{path}' to the new release: {reason}",
                "线上站点保持原样。Windows 上请关闭正在打开站点文件的程序（资源管理器窗口、编辑器、IIS 站点）后重试；"
                "仍然失败请查看 docs/install.md 的“发布与切换”。"),
        Message("E321", "没有可以回退到的版本", "there is no earlier release to roll back to",
                "用“rollback --to DIR --list”查看保留的版本。"),
        Message("E322", "找不到版本“{release}”", "release '{release}' not found",
                "用“rollback --to DIR --list”查看保留的版本。"),
        Message("E323", "“{path}”尚未发布过站点", "nothing has been published to '{path}'",
                "请先运行“python build.py publish --to {path}”。"),
        Message("E324", "正文过于复杂，无法排版（{reason}）", "the Markdown text is too complex to render ({reason})",
                "请检查是否误粘贴了大量符号（如成千上万个“[”或“<”），或把多层列表改为普通段落。"),
        # -- E800..E819, W490..W499: installing and running on office machines ---
        Message("E800", "需要 Python {needed} 或更高版本，这里是 Python {found}",
                "Python {needed} or newer is needed; this is Python {found}",
                "Windows：从 python.org 或单位软件中心安装 Python 3.12（64 位），"
                "用“py -3.12 build.py setup”；Debian/Ubuntu/麒麟/统信：请信息化部门安装 python3.11 "
                "或更高版本。见 docs/install.md。"),
        Message("E801", "这个 Python 不能创建虚拟环境：缺少 {module} 模块",
                "this Python cannot create a virtual environment: the {module} module is missing",
                "Debian/Ubuntu/麒麟/统信：请管理员运行“sudo apt-get install {package}”后重试；"
                "Windows：重新运行 Python 安装程序，勾选“pip”。"),
        Message("E802", "创建虚拟环境失败：{reason}", "cannot create the virtual environment: {reason}",
                "删除文件夹“{venv}”后重试；磁盘已满或没有写权限时请换一个文件夹。"),
        Message("E803", "安装依赖失败（pip 退出码 {code}）",
                "installing the dependencies failed (pip exit code {code})",
                "上面是 pip 的输出。不能访问 PyPI 的内网电脑请改用离线安装包"
                "（python build.py bundle，见 docs/install.md）。"),
        Message("E804", "缺少模块“{module}”，本程序尚未安装或安装不完整",
                "module '{module}' is missing: this program is not set up, or not completely",
                "请先运行“{command} setup”（它会创建 .venv 并安装依赖），然后重试。"),
        Message("E805", "路径中有反斜杠“\\”：{value}", "the path uses backslashes: {value}",
                "链接和图片路径请用正斜杠“/”，例如“images/图1.png”；反斜杠在浏览器和 Linux 服务器上无效。"),
        Message("E806", "路径长度 {length} 个字符，超过 Windows 的 260 字符限制：{value}",
                "the path is {length} characters long, beyond the 260-character limit of Windows: {value}",
                "请缩短文件夹或文件名，或把站点放在更短的路径下（如 D:\\简报）。"),
        Message("E807", "离线安装包的平台“{platform}”不受支持", "unsupported bundle platform '{platform}'",
                "可选：win_amd64、manylinux2014_x86_64、manylinux2014_aarch64。"),
        Message("E808", "下载依赖包失败（pip 退出码 {code}）",
                "downloading the dependencies failed (pip exit code {code})",
                "上面是 pip 的输出：该平台或 Python 版本可能没有现成的 wheel，可换用 --python 3.11 或 3.12。"),
        Message("E809", "找不到本程序的源代码文件夹（pyproject.toml）",
                "the source folder (pyproject.toml) is not found",
                "离线安装包只能在本程序的源代码文件夹（git 仓库）中制作。"),
        Message("E810", "无法写出“{path}”：{reason}", "cannot write '{path}': {reason}",
                "请检查文件夹是否存在、是否有写权限、磁盘是否已满。"),
        Message("W490", "输出路径 {length} 个字符：站点放到较深的文件夹后可能超过 Windows 的 260 字符限制：{value}",
                "an output path is {length} characters long: under a deep folder it may pass the 260-character "
                "limit of Windows: {value}",
                "请缩短文件名或单位 id；Windows 上把站点放在短路径下（如 D:\\简报）。"),
        # -- E113..E119: authoring input (reserved: issue 3) -----------------------
        Message("E113", "第{line}行在字段名或冒号旁使用了全角空格“　”",
                "line {line} has a full-width space '\u3000' in a key or next to its colon",
                "把全角空格改为半角空格，写成“字段: 值”。"),
        Message("E114", "第{line}行冒号后缺少空格", "line {line} has no space after the colon",
                "在半角冒号后加一个空格，例如“title: 玉东新区召开动员会”。"),
        Message("E115", "找不到第{number}期的文件夹（{year}年）", "issue {number} of {year} not found",
                "先用“python build.py new issue --year {year}”新建一期，或核对 --issue 的写法（如 2011/3）。"),
        Message("E116", "文件已存在，未覆盖：{target}", "file exists and was not overwritten: {target}",
                "如需重新生成，请先改名或删除原文件。"),
        Message("E117", "无法在 {host}:{port} 上启动预览服务：{reason}",
                "cannot serve on {host}:{port}: {reason}",
                "端口可能已被占用，请用 --port 换一个端口，例如 --port 8001。"),
        Message("E118", "生成时发生意外错误：{problem}", "unexpected failure while building: {problem}",
                "请把本条信息和出错前修改的文件报告给技术人员；预览服务仍在运行。"),
        # -- E500..E549: submissions register and adoption (issue 11) ---------------
        Message("E500", "无法读取报送登记表：{reason}", "cannot read the submissions register: {reason_en}",
                "请用 Excel 或 WPS 打开后取消打开密码，“另存为” Excel 工作簿（.xlsx）或 CSV 文件。"),
        Message("E501", "报送登记表（CSV）既不是 UTF-8 编码也不是 GBK 编码",
                "the register (CSV) is neither UTF-8 nor GBK text",
                "请用 Excel 或 WPS 打开后“另存为”“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”。"),
        Message("E502", "报送登记表缺少“{column}”列", "the register has no '{column}' column",
                "第1行是列名，须有“报送日期”“单位”“标题”三列（也可写 date、units、title），顺序不限。"),
        Message("E504", "“{column}”列：未知的单位“{value}”{suggestion}",
                "column '{column}': unknown unit '{value}'{suggestion_en}",
                "单位须是 units.yaml 中登记的 id、全称或简称；联合报送的几个单位用“、”隔开。"),
        Message("E505", "“{column}”列：日期“{value}”无效", "column '{column}': invalid date '{value}'",
                "请写成 2011-03-05、2011年3月5日、2011/3/5 或 2011.3.5，或设为 Excel 日期格式；检查月、日是否存在。"),
        Message("E506", "“{column}”列：未知的外部采用刊物“{value}”{suggestion}",
                "column '{column}': unknown outlet '{value}'{suggestion_en}",
                "刊物须是 site.yaml 的 scoring.outlets 中列出的名称，几个刊物用“、”隔开。"),
        Message("E507", "“{column}”列：未知的批示级别“{value}”{suggestion}",
                "column '{column}': unknown instruction level '{value}'{suggestion_en}",
                "批示级别须是 site.yaml 的 scoring.instructions 中列出的名称，每个批示写一次，用“、”隔开。"),
        Message("E508", "“{column}”列：未知的约稿“{value}”{suggestion}",
                "column '{column}': unknown request '{value}'{suggestion_en}",
                "约稿须是 site.yaml 的 requests 中某一项的 id。"),
        Message("E509", "编号“{value}”重复（已在 {other} 出现）", "duplicate id '{value}' (already at {other})",
                "编号在所有报送登记表中须唯一，请改正其中一行。"),
        Message("E510", "本文与 {other} 采用了同一条报送登记（{where}）",
                "this article and {other} adopt the same register row ({where})",
                "一条报送信息只能被一篇文章采用：请在其中一篇的头信息中用“submission: 编号”指明它采用的那一条。"),
        Message("E511", "submission 写的“{value}”在报送登记表中找不到{suggestion}",
                "submission '{value}' names no register row{suggestion_en}",
                "请写报送登记表“编号”列中的编号，或删除这一行（按标题和单位自动对应）。"),
        Message("E512", "“{column}”列为空", "column '{column}' is empty",
                "每一行都须填写报送日期、单位和标题；整行作废时请删除这一行。"),
        Message("E513", "“{column}”列：未知的类型“{value}”", "column '{column}': unknown kind '{value}'",
                "类型只能是 工作动态、典型案例、进展通报（或 briefing、case、progress），也可不填。"),
        Message("E514", "submission 写的“{value}”是已退稿的信息（{where}，退稿原因：{reason}）",
                "submission '{value}' is a returned item ({where}, returned: {reason})",
                "退稿的信息不能被采用：请改正编号，或清空报送登记表中这一行的“退稿原因”。"),
        Message("E515", "约稿“{value}”写法有误或重复", "request '{value}' is malformed or repeated",
                "每项约稿写成 {{id: 约稿编号, title: 题目, units: all, due: 2011-06-30}}，id 不能重复。"),
        Message("E517", "“{column}”列有密级标志“{value}”：涉密信息不得登记进简报内容",
                "column '{column}' carries the classification marking '{value}'",
                "涉密信息按保密规定另行报送，请从登记表中删除这一行。"),
        Message("E700", "不是 Word 文档（.docx、.doc 或 .wps）", "not a Word document (.docx, .doc or .wps)",
                "请确认文件能用 Word 或 WPS 打开；导入前可在 Word/WPS 中“另存为”“Word 文档（*.docx）”。"),
        Message("E701", "Word 文档已损坏，无法读取：{reason}",
                "the Word document is damaged and cannot be read: {reason}",
                "请用 Word 或 WPS 打开并“另存为”一份新的 .docx 后再导入。"),
        Message("E702", "Word 文档中没有文字", "the Word document has no text",
                "请确认选对了文件；空白文档无法导入。"),
        Message("E703", "看不出这是一期简报：找不到{missing}",
                "this does not look like a bulletin issue: no {missing_en}",
                "简报的报头下应有“第N期”一行和印发日期（如“2011年4月22日”）；"
                "如确是简报，可用 --issue 2011/3 指定期号。"),
        Message("E704", "导入 {suffix} 文件需要 LibreOffice，本机没有安装",
                "importing {suffix} files needs LibreOffice, which is not installed",
                "可在 WPS 或 Word 中打开该文件，“另存为”选“Word 文档（*.docx）”后导入 .docx；"
                "或安装 LibreOffice（Debian/统信/麒麟：sudo apt-get install libreoffice-writer；"
                "Windows：从 libreoffice.org 下载安装）后重试。"),
        Message("E705", "LibreOffice 转换失败：{reason}", "LibreOffice could not convert the file: {reason}",
                "请在 WPS 或 Word 中打开该文件，“另存为”“Word 文档（*.docx）”后导入。"),
        Message("E706", "文档含密级标志“{mark}”（{where}），涉密文件不得导入，未导入",
                "the document carries the classification marking '{mark}' ({where_en}); it was not imported",
                "涉密简报不得进入内网站点，请按保密规定另行处理；如系误写，请在原文档中删除该标志后重新导入。"),
        Message("E707", "找不到文章“{title}”（第{number}段）的单位，本期未导入",
                "no unit found for the article '{title}' (paragraph {number}); the issue was not imported",
                "请在 units.yaml 中登记该单位（全称或简称要与文中一致），或用 --unit 指定这类文章的单位。"),
        Message("E708", "--issue 只能用于导入一个文件", "--issue can only be used with a single file",
                "导入整个文件夹时，每期按文档中的期号和年份存放；请去掉 --issue，或一次只导入一个文件。"),
        Message("E709", "site.yaml 中没有名为“{value}”的系列", "site.yaml has no series '{value}'",
                "请先在 site.yaml 的 series 中登记该系列（id、title），或核对 --series 的拼写。"),
        Message("E710", "找不到要导入的文件或文件夹“{path}”", "file or folder to import '{path}' not found",
                "请核对路径；路径中有空格时请加引号。"),
        Message("E711", "文件夹中没有 Word 文档（.docx、.doc、.wps）", "the folder holds no Word documents",
                "请指定存放简报 Word 文件的文件夹。"),
        Message("E712", "无法写入“{path}”：{reason}", "cannot write '{path}': {reason}",
                "请检查文件夹是否存在、是否有写入权限；已写了一半的期已删除。"),
        Message("E713", "导入结果无法通过检查，本期未导入：{problem}",
                "the imported issue would not pass the checks and was not written: {problem}",
                "请按提示修改原 Word 文档或 site.yaml/units.yaml 后重新导入。"),
        Message("E714", "与 {other} 是同一期（{where}），未重复导入",
                "the same issue as {other} ({where}); not imported twice",
                "请核对两个文件的期号和年份；如确属不同期，请用 --issue 分别导入。"),
        Message("E715", "没有找到文章：报头之后没有居中的大字标题",
                "no articles found: no centred large title after the masthead",
                "文章标题应居中、字号不小于 18 磅（二号为 22 磅）或用小标宋体；请在 Word 中调整后重新导入。"),
        Message("E716", "导入时发生意外错误：{problem}", "unexpected failure while importing: {problem}",
                "本文件未导入，其他文件不受影响；请把本条信息和该 Word 文件交给技术人员，"
                "或在 Word/WPS 中“另存为”一份新的 .docx 后再试。"),
        # -- W480..W489: importing Word archives (issue 13) ----------------------------
        Message("W480", "编印单位“{found}”与{against}的“{expected}”不同",
                "publisher '{found}' differs from '{expected}' in {against_en}",
                "站点按 site.yaml 显示编印单位；如这期确属别的刊物，请删除导入的期，改用 --series 导入。"),
        Message("W481", "栏目“{column}”对应不到文章类型，按“{label}”导入",
                "the column '{column}' names no article kind; imported as '{label}'",
                "请核对导入的文章的 kind，或在 site.yaml 的 kinds 中使用该栏目名称。"),
        Message("W482", "第{number}段（{where}）未能归入期头、编者按、文章或版记，未导入：“{text}”",
                "paragraph {number} ({where_en}) fits no part of the bulletin and was not imported: '{text}'",
                "请对照原文档核对；需要时手工补入相应文件。"),
        Message("W483", "第{number}期已存在（{folder}），跳过，原有文件未改动",
                "issue {number} already exists ({folder}); skipped, nothing there was changed",
                "如需重新导入，请先把该期文件夹移走。"),
        Message("W484", "有 {count} 张图片链接到文档以外的文件，无法提取",
                "{count} picture(s) are linked to files outside the document and cannot be extracted",
                "请在 Word 中把图片“嵌入”文档（或直接粘贴图片）后重新导入，或手工放入图片。"),
        Message("W485", "文档中的期号为第{found}期，按 --issue 存为第{number}期",
                "the document says issue {found}; stored as issue {number} as --issue says",
                "请确认 --issue 是否写对。"),
        Message("W486", "报头“{found}”与{against}的报头名称“{expected}”不同",
                "the masthead '{found}' differs from the title '{expected}' of {against_en}",
                "如这是另一种刊物，请在 site.yaml 的 series 中登记它（title 与报头一致），导入时会自动放入该系列；"
                "也可用 --series 指定。"),
        # -- W4xx: warnings ---------------------------------------------------------
        Message("W401", "文件以 GBK/GB18030 编码保存，已按 GBK 读取",
                "file is saved as GBK/GB18030; read as GBK",
                "建议用记事本“另存为”，编码选“UTF-8”，以免乱码。"),
        Message("W402", "未使用的字段“{key}”", "unknown field '{key}' is ignored",
                "请检查字段名是否拼错，可用字段见 docs/content-format.md。"),
        Message("W403", "草稿未发布", "draft is not published", "定稿后删除“draft: true”一行。"),
        Message("W404", "找不到链接或图片指向的文件“{target}”",
                "link or image target '{target}' not found",
                "请把文件放在文章旁边，并核对文件名（区分大小写）。"),
        # -- W405..W419: authoring input and Markdown traps (reserved: issue 3) ----
        Message("W405", "连续星号“{stars}”按原样显示，不作为加粗或斜体",
                "the run of asterisks '{stars}' is shown as it is, not as emphasis",
                "以星号隐去的文字无需改动；如要加粗请写成 **文字**；写成 \\* 可消除本提示。"),
        Message("W406", "“{rule}”紧跟在文字下一行，会把上一行变成标题",
                "'{rule}' right under a line of text turns that line into a heading",
                "如要分隔线，请在“{rule}”上方空一行；如要小标题，请写成“## 标题”。"),
        Message("W407", "行首的全角“＃”不会成为标题", "a full-width '＃' does not make a heading",
                "标题请用半角井号加空格，例如“## 一、主要做法”。"),
        Message("W408", "图片或链接使用了全角符号：{found}", "image or link written with full-width symbols: {found}",
                "请改用半角符号：图片写成 ![说明](文件名.png)，链接写成 [文字](地址)。"),
        Message("W409", "这一行有“{found}”，文字可能已因编码错误丢失",
                "'{found}' on this line shows text already lost to a wrong encoding",
                "请从原始文件（Word/WPS 文档）重新复制这段文字，并把本文件保存为 UTF-8。"),
        Message("W410", "这一段以{indent}开头，会显示为代码块（等宽字体，不换行）",
                "a paragraph starting with {indent_en} is shown as a code block",
                "请删除段首的空格或制表符；如需段首缩进，可用两个全角空格“　　”。"),
        # -- W420..W429: publishing safety (reserved: issue 7) ---------------------
        Message("W420", "本期尚未保密审查，发布（publish）时将被拒绝",
                "issue has no review sign-off yet; publish will refuse it",
                "审查后在 issue.md 中写明“review: {{by: 审查人, on: 审查日期}}”。"),
        Message("W421", "定时发布：{date} 起才会发布", "scheduled: not published before {date}",
                "到期后重新生成或发布即可；预览可用 build --drafts。"),
        Message("W422", "已删除不安全的 HTML：{what}", "unsafe HTML removed: {what}",
                "正文中不能使用脚本、内联事件、iframe 和 style；"
                "如确需使用可信 HTML，请在 site.yaml 中设置 allow_html: true。"),
        # -- W430..W439: readers' site (reserved: issue 4) -------------------------
        # -- W440..W449: statistics (reserved: issue 5) ----------------------------
        # -- E600..E619, W470..W479: PDFs of issues and 合订本 (issue 12) ------------
        Message("E600", "pdf_fonts 中“{face}”的字体文件“{path}”不存在",
                "pdf_fonts: the {face} font file '{path}' does not exist",
                "路径相对于内容文件夹（site.yaml 所在文件夹），例如“fonts/simfang.ttf”；"
                "也可以不写 pdf_fonts，把字体文件放进内容文件夹的 fonts/ 中。"),
        Message("E601", "pdf_fonts 中的“{face}”不是简报用到的字体",
                "pdf_fonts: '{face}' is not one of the bulletin's faces ({faces_en})",
                "只能写{faces}四种字体，例如“仿宋: fonts/simfang.ttf”。"),
        Message("E602", "pdf_fonts 中“{face}”的文件“{path}”不是字体文件",
                "pdf_fonts: the {face} file '{path}' is not a font file",
                "请写 .ttf、.otf 或 .ttc 字体文件，如 Windows 的 C:/Windows/Fonts/simfang.ttf。"),
        Message("E603", "PDF 文件无法读取，不能检查其中的密级标志和未发布稿件",
                "the PDF cannot be read, so it cannot be checked for markings and withheld articles",
                "重新生成（build）后再发布；如仍出错，可先用 build --no-pdf 生成不带 PDF 的站点。"),
        Message("E604", "PDF 排版程序 WeasyPrint 无法载入：{reason}",
                "the PDF engine WeasyPrint cannot be loaded: {reason}",
                "WeasyPrint 需要 Pango 库：Debian/麒麟/统信用 apt-get install libpango-1.0-0 libpangoft2-1.0-0，"
                "Windows 按 WeasyPrint 文档安装 GTK 运行库；暂时可用 build --no-pdf 生成不带 PDF 的站点。"),
        Message("W470", "PDF 没有找到以下字体，用免费字体代替：{substitutions}",
                "PDFs: fonts not found, free fonts used instead: {substitutions}",
                "把单位电脑上的字体文件（如 仿宋_GB2312.ttf、方正小标宋简体.ttf、楷体_GB2312.ttf、simhei.ttf）"
                "复制到内容文件夹的 fonts/ 中，或在 site.yaml 的 pdf_fonts 中写明路径。"),
        # -- W460..W469: submissions register (issue 11) -----------------------------
        Message("W460", "报送登记表是空的", "the submissions register is empty",
                "第1行写列名，从第2行起每行登记一条报送信息。"),
        Message("W461", "报送登记表中的“{column}”列不认识，已忽略", "unknown register column '{column}' is ignored",
                "可用的列：编号、报送日期、单位、标题、类型、约稿、外部采用、批示、退稿原因。"),
        # -- issue 15, publishing safety: E119–E139, E325–E349, W411–W419, W423–W429 --
        Message("E119", "第{line}行的“{open}”没有对应的“{close}”",
                "the '{open}' on line {line} is never closed with '{close}'",
                "请在第{line}行这一项的末尾补上“{close}”（须是半角符号）；列表写成 [甲, 乙]，带引号的值写成 \"……\"。"),
        Message("E120", "文件混用了两种编码：前面是 UTF-8，第{line}行起不是（多半是 GBK）",
                "the file mixes encodings: UTF-8 up to line {line}, then something else (probably GBK)",
                "用记事本打开全文检查第{line}行附近的乱码，改正后“另存为”，编码选择“UTF-8”；"
                "从不同文件复制粘贴时最容易出现。"),
        Message("E121", "标题还是模板中的“{title}”", "the title is still the template's '{title}'",
                "这是 new 命令生成的稿件模板：请填写真实标题和正文，定稿后再删除“draft: true”一行。"),
        Message("E122", "正文是空的", "the article has no text",
                "请在第二个“---”之后写正文；暂不发布的稿件请加“draft: true”。"),
        Message("E123", "“{unit}”的指标全部是 0，模板中的数字还没有填写",
                "every metric of '{unit}' is 0: the template's figures were never filled in",
                "请把 0 改为实际数字；确实没有数据的指标请删除那一行，不要写 0。"),
        Message("E124", "印发日期 {date} 与所在文件夹的年份 {year} 相差一个月以上",
                "issue date {date} is more than a month outside its folder's year {year}",
                "请检查日期的年份是否写错，或把本期移到 issues/{date_year} 文件夹。"),
        Message("E125", "日期“{value}”不存在：{reason}", "date '{value}' does not exist: {reason_en}",
                "请核对日期；格式可写 2011-03-05、2011年3月5日、2011年3月5号、2011.3.5 或 2011/3/5。"),
        Message("E325", "链接的文件“{target}”（{suffix}）不是允许发布的类型",
                "linked file '{target}' ({suffix}) is not a type that may be published",
                "只能发布图片（PNG、JPEG、GIF、WebP、BMP）、PDF、Office/WPS 文档、CSV、TXT 和 ZIP；"
                "网页、SVG 和脚本文件可能在读者的浏览器中运行代码，请另存为 PDF 或图片后再链接。"),
        Message("E326", "不能发布文件“{path}”：{reason}", "cannot publish the file '{path}': {reason_en}",
                "附件必须是内容文件夹中的普通文件：请把原文件复制（不要用快捷方式、符号链接或硬链接）到本期文件夹。"),
        Message("E327", "字段“{key}”像是密级字段，但不是本工具认识的写法",
                "field '{key}' looks like a classification field but is not one this tool knows",
                "密级只能写成“密级: 公开”或“密级: 内部”（英文 classification）；请检查字段名中是否有繁体字、"
                "全角字母或看不见的字符。涉密材料不得放进内容文件夹。"),
        Message("E328", "附件中出现密级标志“{mark}”（{where}），涉密内容不得发布到内网站点",
                "the attachment carries the classification marking '{mark}' ({where_en})",
                "涉密文件不得作为附件发布：请删除该附件及其链接，按保密规定另行处理。"),
        Message("E329", "无法读取附件“{path}”的文字以检查密级：{reason}",
                "cannot read the text of the attachment '{path}' to check it for markings: {reason_en}",
                "附件须能打开（未加密、未损坏）；请用 WPS/Office 重新另存，或改为图片/PDF 后再链接。"),
        Message("E330", "数值“{value}”超出范围", "the number '{value}' is out of range",
                "指标和积分须是绝对值不超过一千万亿（10 的 15 次方）的有限数字；"
                "请检查是否多打了数字或写成了 1e999、.inf。"),
        Message("E331", "输出位置“{path}”是一个文件，不是文件夹", "output '{path}' is a file, not a folder",
                "请用 --out 指定一个文件夹（不存在时会自动创建）。"),
        Message("E332", "输出文件夹“{out}”与内容文件夹“{content}”相互包含",
                "output folder '{out}' and content folder '{content}' lie inside one another",
                "站点会被一遍遍复制进自己（或内容被当作旧站点删除）：请把 --out 放在内容文件夹之外，例如 --out site。"),
        Message("E333", "主题文件夹“{path}”缺少 {count} 个模板：{missing}",
                "theme folder '{path}' lacks {count} templates: {missing}",
                "自定义主题须包含默认主题的全部模板：请复制默认主题的 templates 文件夹后再修改，或省略 --templates。"),
        Message("E334", "另一个生成正在写入输出文件夹“{path}”，等待 {seconds} 秒后仍未结束",
                "another build is writing into '{path}' and did not finish within {seconds} s",
                "请等另一个生成（或预览 serve）结束后再试；"
                "如确认没有其他生成在运行，重新运行即可（锁随进程结束自动释放）。"),
        Message("W413", "构建缓存：{reason}", "build cache: {reason_en}",
                "本次已不用这些缓存而照常生成，结果与完整生成相同；缓存文件夹可随时删除。若反复出现，请检查磁盘。"),
        Message("E335", "无法写入输出文件夹“{path}”：{reason}", "cannot write the output folder '{path}': {reason}",
                "已有站点保持原样，临时文件已删除。请腾出磁盘空间（{errno}）或检查文件夹权限后重新生成。"),
        Message("W414", "印发日期 {date} 不在所在文件夹的年份 {year} 内",
                "issue date {date} is outside its folder's year {year}",
                "年初、年末跨年印发时可以这样；否则请检查年份。"),
        Message("W415", "第{number}期的印发日期 {date} 早于第{previous}期（{previous_date}，{previous_source}）",
                "issue {number} is dated {date}, before issue {previous} ({previous_date}, {previous_source})",
                "期号应按印发日期先后排列：请检查两期的日期或期号。"),
        Message("W416", "“{item}”中的全角逗号或顿号已当作分隔符，拆成了 {count} 项",
                "'{item}' was split at its full-width comma or 、 into {count} items",
                "列表中的各项请用半角逗号分隔，例如 [行动学习, 乡镇]。"),
        Message("W417", "“{unit}”在 {date} 的“{metric}”有两个不同的值：{value}（本文）和 {other_value}（{other}）",
                "'{unit}' has two values for '{metric}' on {date}: {value} here and {other_value} in {other}",
                "同一单位同一日期只能有一个数值；图表采用的是文件名在后的那篇，请核对后删去错误的一个。"),
        Message("W411", "文件“{name}”没有被任何已发布的文章或页面引用，不会发布",
                "'{name}' is not linked by any published article or page and is not published",
                "如需发布，请在文章中用 ![说明]({name}) 或 [说明]({name}) 引用它；不需要的文件请移出内容文件夹。"),
        Message("W412", "“{name}”是记事本另存时加上了 .txt 的稿件，不会作为文章发布",
                "'{name}' is an article saved by Notepad with an extra .txt; it is not published",
                "请把文件重命名为“{fixed}”（在资源管理器中打开“文件扩展名”显示后去掉末尾的 .txt）。"),
    ]
}


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in one file (``line`` is 1-based, 0 when unknown)."""

    code: str
    path: str
    line: int = 0
    args: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def message(self) -> Message:
        return CATALOG[self.code]

    @property
    def level(self) -> str:
        return self.message.level

    def text(self, lang: str = "both") -> str:
        msg = self.message
        # Strict: a missing argument raises (Diagnostics.add checks them first). An argument
        # said in both languages (texts.Both) gives each language its own form. Invisible and
        # line-breaking characters in arguments are written as escapes.
        zh_args = {k: _shown(v.zh if isinstance(v, Both) else v) for k, v in self.args.items()}
        en_args = {k: _shown(v.en if isinstance(v, Both) else v) for k, v in self.args.items()}
        zh = msg.zh.format_map(zh_args)
        en = msg.en.format_map(en_args)
        hint = msg.hint.format_map(zh_args)
        if lang == "zh":
            body = f"{zh}"
        elif lang == "en":
            body = en
        else:
            body = f"{zh} ({en})"
        if hint and lang != "en":
            body += f" 提示：{hint}"
        return body

    def format(self, lang: str = "both") -> str:
        path = escape_control(self.path)  # a file name with a newline must not start a fake message
        where = f"{path}:{self.line}" if self.line else path
        tag = "错误" if self.level == ERROR else "警告"
        if lang == "en":
            tag = self.level
        return f"{where}: {tag} {self.code}: {self.text(lang)}"


@functools.cache
def fields_of(code: str) -> frozenset[str]:
    """The arguments message ``code`` needs (in its Chinese, English and hint)."""
    msg = CATALOG[code]
    return frozenset(name for text in (msg.zh, msg.en, msg.hint)
                     for _, name, _, _ in string.Formatter().parse(text) if name)


def escape_control(text: str) -> str:
    """Invisible and line-breaking characters written as escapes (``\\n``, ``\\u200b``), so that a
    file name, a link or a log field can neither split a line nor hide what it holds."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or unicodedata.category(ch) == "Zs"  # spaces, ideographic too
                   else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _shown(value: object) -> object:
    return escape_control(value) if isinstance(value, str) else value


class Diagnostics:
    """Collects problems across all stages so that all are reported at once."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, code: str, path: str, line: int = 0, /, **args: object) -> Diagnostic:
        if code not in CATALOG:
            raise KeyError(f"unknown message code {code}")
        missing = fields_of(code) - args.keys()
        if missing:  # a bug in the caller: never print "must be , got: x"
            raise KeyError(f"message {code} needs {', '.join(sorted(missing))}")
        d = Diagnostic(code, path, line or 0, dict(args))
        self.items.append(d)
        return d

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.items.extend(items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.path, d.line, d.code))

    def __bool__(self) -> bool:
        return bool(self.items)


class BuildError(Exception):
    """Raised when a stage cannot go on; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__(f"{len(diagnostics.errors)} error(s)")
        self.diagnostics = diagnostics


class UsageError(BuildError):
    """The command line asks for something that cannot work (exit code 2, not 1)."""
