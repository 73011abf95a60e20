"""The command groups of the zzy CLI, one module each, and the index the root group reads.

The root loads a module only when one of its commands runs, so ``zzy org list`` builds four
commands, not forty, and ``zzy --help`` builds none: it lists :data:`INDEX`.  A test checks
each line here against the command's own docstring.
"""

from __future__ import annotations

#: name → (module in zzy.commands, one line of help), in the order ``zzy --help`` lists them.
INDEX: dict[str, tuple[str, str]] = {
    "init": ("admin", "创建账本(已存在时不做任何改动)。"),
    "demo": ("admin", "建一个虚构学院的示例账本(新建临时文件夹,或 --db 指定的新文件),并显示提醒和本年名册。"),
    "org": ("orgs", "党组织: 登记、查看、更名、撤销、作废。"),
    "person": ("persons", "人员: 登记、修改、查看档案、列表、作废。"),
    "work": ("persons", "党务工作经历: 记录、列表、更正、作废。"),
    "resume": ("persons", "简历(干部任免审批表的简历栏): 记录、列表、更正、作废。"),
    "appoint": ("posts", "任命组织员(检查第十一、十二、十九条)。"),
    "leave": ("posts", "办理离任。"),
    "trial": ("posts", "记录新提拔组织员的试用期考核结果(第十三条)。"),
    "post": ("posts", "任职记录: 列表、更正、作废。"),
    "rotate": ("posts", "办理交流轮岗: 离任现专职岗位并到另一党组织任同类别、同职级职务(第二十条)。"),
    "check": ("reports", "检查任职条件(第十一条、第十二条第四项);符合退出码 0,不符合 1。"),
    "remind": ("reports", "列出到期、逾期和需要注意的事项。"),
    "roster": ("reports", "生成年度组织员名册(该年内有效的每一条任职)。"),
    "training": ("records", "培训与工作交流(第十八条)。"),
    "report": ("records", "工作汇报(第十五条)。"),
    "target": ("records", "目标管理(第十六条)。"),
    "assess": ("records", "年度考核等次(第十七条): 记录、列表、更正、作废。"),
    "commend": ("records", "党委表彰(第十七条): 记录、列表、更正、作废。"),
    "paper": ("papers", "任免材料: 干部任免审批表、任前公示(.docx 或 .html)。"),
    "summary": ("records", "一年的工作汇总: 培训、组织员人数、空缺、汇报、考核、表彰、目标。"),
    "config": ("records", "设置: report_interval_months、remind_within_days、notice_contact、notice_phone。"),
    "profile": ("profiles", "规则配置: 查看在用的规定数值和条款、检查和采用本校的配置文件、列出账本采用过的版本。"),
    "undo": ("undo", "撤销最近一次写入(整条命令,导入也算一次;先列出将撤销的内容,终端上会询问)。"),
    "log": ("admin", "查看审计日志(最新的在前);--verify 核对哈希链并显示链头。"),
    "grant": ("access", "给数据库角色授权(仅 PostgreSQL 账本;须由 admin 运行)。"),
    "revoke": ("access", "收回数据库角色对本账本的全部权限(仅 PostgreSQL 账本;须由 admin 运行)。"),
    "doctor": ("admin", "检查账本: 完整性、引用关系、审计日志的哈希链与触发器、特批或旧数据留下的违规记录;无问题退出码 0,否则 1。"),
    "template": ("data", "生成带中文表头的导入模板(第二页是示例)。"),
    "import": ("data", "从 .xlsx 或 .csv 导入(整个文件要么全部导入,要么一行也不导入)。"),
    "export": ("data", "把整个账本(含审计日志)导出为一个 JSON 文件。"),
    "restore": ("data", "把导出的 JSON 恢复到新建的空账本。"),
    "backup": ("data", "备份账本(别人正在写入时也能得到一致的副本)。"),
}
