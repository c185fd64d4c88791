<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>Images (*.nii *.nii.gz *.hdr *.img *.nrrd *.nhdr *.mha *.mhd *.png *.jpg *.jpeg *.dcm *.db);;All files (*)</source>
        <translation>图像 (*.nii *.nii.gz *.hdr *.img *.nrrd *.nhdr *.mha *.mhd *.png *.jpg *.jpeg *.dcm *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>MedSAM Agent Studio: view DICOM and NIfTI images, segment them with an agent, review and curate.</source>
        <translation>MedSAM Agent Studio：查看 DICOM 和 NIfTI 图像，用智能体进行分割，并审核和整理结果。</translation>
    </message>
    <message>
        <source>A project (.db), a DICOM folder or file, or an image file.</source>
        <translation>项目（.db）、DICOM 文件夹或文件，或图像文件。</translation>
    </message>
    <message>
        <source>Label map to show on the image.</source>
        <translation>在图像上显示的标签图。</translation>
    </message>
    <message>
        <source>Project to open, created when missing; PATH is added to it.</source>
        <translation>要打开的项目，不存在时自动创建；PATH 将添加到该项目中。</translation>
    </message>
    <message>
        <source>Save a PNG of the window once every view has drawn, then exit.</source>
        <translation>所有视图绘制完成后将窗口保存为 PNG，然后退出。</translation>
    </message>
    <message>
        <source>View layout: %1.</source>
        <translation>视图布局：%1。</translation>
    </message>
    <message>
        <source>Window size, e.g. 1400x900.</source>
        <translation>窗口大小，例如 1400x900。</translation>
    </message>
    <message>
        <source>User interface language for this run: %1 (default: Settings, else the system&apos;s).</source>
        <translation>本次运行的界面语言：%1（默认取设置中的语言，否则取系统语言）。</translation>
    </message>
    <message>
        <source>Session of the project to select for review and replay.</source>
        <translation>要选中以供审核和回放的项目会话。</translation>
    </message>
</context>
<context>
    <name>medsam::ui::AboutDialog</name>
    <message>
        <source>About MedSAM Agent Studio</source>
        <translation>关于 MedSAM Agent Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;MedSAM Agent Studio %1&lt;/h3&gt;&lt;p&gt;Interactive segmentation of medical images by an AI agent and by people, reviewed, corrected and curated into training data (after arXiv 2602.03320, MedSAM-Agent).&lt;/p&gt;&lt;p&gt;Not a medical device: for research and dataset curation only.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;MedSAM Agent Studio %1&lt;/h3&gt;&lt;p&gt;由 AI 智能体与人工对医学图像进行交互式分割，并经审核、修正后整理为训练数据（参见 arXiv 2602.03320，MedSAM-Agent）。&lt;/p&gt;&lt;p&gt;本软件不是医疗器械：仅用于科研和数据集整理。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>loaded on first use of a model</source>
        <translation>首次使用模型时加载</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>库</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
</context>
<context>
    <name>medsam::ui::AgentPanel</name>
    <message>
        <source>Policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>MLLM server</source>
        <translation>MLLM 服务器</translation>
    </message>
    <message>
        <source>MLLM model</source>
        <translation>MLLM 模型</translation>
    </message>
    <message>
        <source>Agent turns</source>
        <translation>智能体轮数</translation>
    </message>
    <message>
        <source>default: the active label&apos;s target text</source>
        <translation>默认：当前标签的目标描述</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>label values, e.g. 5,6 (Dice per step; the expert)</source>
        <translation>标签值，例如 5,6（用于每步 Dice 及专家策略）</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Give a box or a click with the AI prompt tool, then Run.</source>
        <translation>请先用 AI 提示工具画一个框或点击一下，然后点击“运行”。</translation>
    </message>
    <message>
        <source>Running: the agent acts; you can scroll, pause or stop.</source>
        <translation>运行中：智能体正在操作；您可以滚动切片、暂停或停止。</translation>
    </message>
    <message>
        <source>Paused: your prompts join the trajectory; Resume hands back to the agent.</source>
        <translation>已暂停：您的提示将加入轨迹；点击“继续”交还给智能体。</translation>
    </message>
    <message>
        <source>Finished (%1). Accept (Enter) or Reject (Esc) the result, or prompt on.</source>
        <translation>已结束（%1）。接受（Enter）或拒绝（Esc）结果，或继续给出提示。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Seconds the MLLM server has for one request attempt (the command line&apos;s --timeout)</source>
        <translation>MLLM 服务器处理一次请求尝试的秒数（命令行的 --timeout）</translation>
    </message>
    <message>
        <source>MLLM timeout</source>
        <translation>MLLM 超时</translation>
    </message>
    <message>
        <source>Extra attempts after a connection error, a timeout or a server error (--retries)</source>
        <translation>连接错误、超时或服务器错误后的额外尝试次数（--retries）</translation>
    </message>
    <message>
        <source>MLLM retries</source>
        <translation>MLLM 重试次数</translation>
    </message>
    <message>
        <source>served model name</source>
        <translation>服务端模型名称</translation>
    </message>
    <message>
        <source>from $MEDSAM_API_KEY or the desktop keychain</source>
        <translation>来自 $MEDSAM_API_KEY 或桌面密钥环</translation>
    </message>
    <message>
        <source>Remember in the keychain</source>
        <translation>保存到密钥环</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
</context>
<context>
    <name>medsam::ui::AgentPanelModel</name>
    <message>
        <source>the agent is already running: stop it first</source>
        <translation>智能体已在运行：请先停止</translation>
    </message>
    <message>
        <source>give the first prompt with the AI prompt tool (a box or a click on a slice), then run the agent</source>
        <translation>请先用 AI 提示工具给出第一个提示（在切片上画框或点击），然后运行智能体</translation>
    </message>
    <message>
        <source>the expert imitates a reference: load a label map and name its reference values</source>
        <translation>专家策略模仿参考标注：请加载标签图并指定其参考标签值</translation>
    </message>
    <message>
        <source>Loading the agent&apos;s model</source>
        <translation>正在加载智能体模型</translation>
    </message>
    <message>
        <source>box-clicks</source>
        <extracomment>agent policy: a box, then corrective clicks</extracomment>
        <translation>框 + 点击</translation>
    </message>
    <message>
        <source>box</source>
        <extracomment>agent policy: one box prompt only</extracomment>
        <translation>仅框</translation>
    </message>
    <message>
        <source>expert</source>
        <extracomment>agent policy: simulated expert annotator that imitates the reference mask</extracomment>
        <translation>专家（模仿参考标注）</translation>
    </message>
    <message>
        <source>mllm</source>
        <extracomment>agent policy: the multimodal large language model agent on a server</extracomment>
        <translation>MLLM 智能体</translation>
    </message>
    <message>
        <source>learned (built-in)</source>
        <extracomment>agent policy: the compact network trained here and shipped with the program</extracomment>
        <translation>学习策略（内置）</translation>
    </message>
</context>
<context>
    <name>medsam::ui::AgentTimelineModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>掩膜</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>执行者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>IoU</source>
        <translation>IoU</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Reply / error</source>
        <translation>回复 / 错误</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>智能体</translation>
    </message>
    <message>
        <source>person</source>
        <translation>人工</translation>
    </message>
    <message>
        <source>expert</source>
        <translation>专家</translation>
    </message>
</context>
<context>
    <name>medsam::ui::AiPromptModel</name>
    <message>
        <source>(loads with the first prompt)</source>
        <translation>（随第一个提示加载）</translation>
    </message>
    <message>
        <source>Preparing the slice</source>
        <translation>正在准备切片</translation>
    </message>
    <message>
        <source>Segmenting</source>
        <translation>正在分割</translation>
    </message>
    <message numerus="yes">
        <source>AI segmentation (%n prompt(s))</source>
        <translation>
            <numerusform>AI 分割（%n 个提示）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medsam::ui::AiPromptPanel</name>
    <message>
        <source>AI prompt</source>
        <translation>AI 提示</translation>
    </message>
    <message>
        <source>Drag a box, click inside (positive) or right-click outside (negative) the structure on a slice view. The preview is drawn in yellow.</source>
        <translation>在切片视图中拖出一个框，在结构内部单击（正点）或在结构外部右击（负点）。预览以黄色显示。</translation>
    </message>
    <message>
        <source>Accept (Enter)</source>
        <translation>接受（Enter）</translation>
    </message>
    <message>
        <source>Reject (Esc)</source>
        <translation>拒绝（Esc）</translation>
    </message>
    <message>
        <source>Tool: %1</source>
        <translation>工具：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n prompt(s) on slice %1</source>
        <translation>
            <numerusform>切片 %1 上有 %n 个提示</numerusform>
        </translation>
    </message>
    <message>
        <source>, segmenting...</source>
        <translation>，正在分割…</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ApiKeyStore</name>
    <message>
        <source>API key from the environment ($MEDSAM_API_KEY or $OPENAI_API_KEY)</source>
        <translation>API 密钥来自环境变量（$MEDSAM_API_KEY 或 $OPENAI_API_KEY）</translation>
    </message>
    <message>
        <source>API key from the desktop keychain</source>
        <translation>API 密钥来自桌面密钥环</translation>
    </message>
    <message>
        <source>No API key: type one, or set $MEDSAM_API_KEY</source>
        <translation>没有 API 密钥：请输入一个，或设置 $MEDSAM_API_KEY</translation>
    </message>
    <message>
        <source>No keychain available (%1): set $MEDSAM_API_KEY, or type the key for this session</source>
        <translation>没有可用的密钥环（%1）：请设置 $MEDSAM_API_KEY，或输入仅用于本次会话的密钥</translation>
    </message>
    <message>
        <source>No API key</source>
        <translation>没有 API 密钥</translation>
    </message>
    <message>
        <source>API key for this session only</source>
        <translation>API 密钥仅用于本次会话</translation>
    </message>
    <message>
        <source>API key saved in the desktop keychain</source>
        <translation>API 密钥已保存到桌面密钥环</translation>
    </message>
    <message>
        <source>The key was not saved: no keychain available (%1); it serves this session only, or set $MEDSAM_API_KEY</source>
        <translation>密钥未保存：没有可用的密钥环（%1）；它仅用于本次会话，或请设置 $MEDSAM_API_KEY</translation>
    </message>
    <message>
        <source>API key removed</source>
        <translation>API 密钥已删除</translation>
    </message>
    <message>
        <source>The keychain entry could not be removed (%1)</source>
        <translation>无法删除密钥环中的条目（%1）</translation>
    </message>
</context>
<context>
    <name>medsam::ui::CursorInspectionModel</name>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>voxel [%1, %2, %3]   LPS (%4, %5, %6) mm   value %7</source>
        <translation>体素 [%1, %2, %3]   LPS (%4, %5, %6) mm   值 %7</translation>
    </message>
    <message>
        <source>   label %1 %2</source>
        <translation>   标签 %1 %2</translation>
    </message>
    <message>
        <source>   no label</source>
        <translation>   无标签</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ExportDialog</name>
    <message>
        <source>Export curated sessions</source>
        <translation>导出已整理的会话</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Export into</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Sessions whose latest review is</source>
        <translation>最近一次审核状态为以下之一的会话</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>SFT conversations (LLaMA-Factory JSONL with the step pictures)</source>
        <translation>SFT 对话（LLaMA-Factory JSONL，含每一步的图像）</translation>
    </message>
    <message>
        <source>RL rows (image and reference mask per task)</source>
        <translation>RL 数据行（每个任务的图像和参考掩膜）</translation>
    </message>
    <message>
        <source>Label maps (NIfTI and NRRD, one per image)</source>
        <translation>标签图（NIfTI 和 NRRD，每幅图像一个）</translation>
    </message>
    <message>
        <source>DICOM SEG beside the label map of each DICOM image</source>
        <translation>为每幅 DICOM 图像在标签图旁附加 DICOM SEG</translation>
    </message>
    <message>
        <source>The summary appears here when the export has finished.</source>
        <translation>导出完成后，摘要将显示在此处。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>Cannot export: %1</source>
        <translation>无法导出：%1</translation>
    </message>
    <message>
        <source>Patient identity</source>
        <translation>患者身份</translation>
    </message>
    <message>
        <source>SFT conversations and RL rows never carry patient identity: cases and sessions are named by pseudonyms keyed with this project&apos;s secret.</source>
        <translation>SFT 对话和 RL 行从不包含患者身份：病例和会话以本项目密钥生成的假名命名。</translation>
    </message>
    <message>
        <source>De-identify DICOM SEG files (DICOM PS3.15 Basic Confidentiality Profile) and leave source paths out of the manifest</source>
        <translation>对 DICOM SEG 文件去标识化（DICOM PS3.15 基本保密配置文件），并且清单中不写入源路径</translation>
    </message>
    <message>
        <source>Keep the study, series and instance UIDs (Retain UIDs Option)</source>
        <translation>保留检查、序列和实例 UID（Retain UIDs Option）</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ExportModel</name>
    <message>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>The export was cancelled; the folder may hold part of it.</source>
        <translation>导出已取消；文件夹中可能留有部分导出内容。</translation>
    </message>
    <message>
        <source>open a project first: the export reads its sessions</source>
        <translation>请先打开一个项目：导出会读取其中的会话</translation>
    </message>
    <message>
        <source>choose an output folder</source>
        <translation>请选择输出文件夹</translation>
    </message>
    <message>
        <source>choose at least one format</source>
        <translation>请至少选择一种格式</translation>
    </message>
    <message>
        <source>choose at least one review status</source>
        <translation>请至少选择一种审核状态</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder</source>
        <translation>%1 是文件，不是文件夹</translation>
    </message>
    <message>
        <source>Exporting sessions to %1</source>
        <translation>正在将会话导出到 %1</translation>
    </message>
    <message>
        <source>another job is running; try again when it has finished</source>
        <translation>另一个任务正在运行；请在其完成后重试</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n session(s)</source>
        <translation>
            <numerusform>已导出 %n 个会话</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  %n SFT conversation(s)</source>
        <translation>
            <numerusform>  %n 条 SFT 对话</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  %n RL row(s)</source>
        <translation>
            <numerusform>  %n 行 RL 数据</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  %n label map(s)</source>
        <translation>
            <numerusform>  %n 个标签图</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  %n DICOM SEG file(s)</source>
        <translation>
            <numerusform>  %n 个 DICOM SEG 文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped: %n</source>
        <translation>
            <numerusform>已跳过：%n</numerusform>
        </translation>
    </message>
    <message>
        <source>Manifest with the SHA-256 of every file: %1</source>
        <translation>包含每个文件 SHA-256 校验值的清单：%1</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ImageInfoModel</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Spacing (mm)</source>
        <translation>间距 (mm)</translation>
    </message>
    <message>
        <source>Origin (LPS mm)</source>
        <translation>原点 (LPS, mm)</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>方位</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向矩阵</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>模态</translation>
    </message>
    <message>
        <source>Series description</source>
        <translation>序列描述</translation>
    </message>
    <message>
        <source>Series UID</source>
        <translation>序列 UID</translation>
    </message>
    <message>
        <source>Transfer syntax</source>
        <translation>传输语法</translation>
    </message>
    <message>
        <source>Pixel type (file)</source>
        <translation>像素类型（文件）</translation>
    </message>
    <message>
        <source>Intensity range</source>
        <translation>强度范围</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>medsam::ui::LabelTableModel</name>
    <message>
        <source>Value</source>
        <translation>标签值</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Voxels</source>
        <translation>体素数</translation>
    </message>
    <message>
        <source>Target text</source>
        <translation>目标描述</translation>
    </message>
    <message>
        <source>Delete label %1</source>
        <translation>删除标签 %1</translation>
    </message>
</context>
<context>
    <name>medsam::ui::LabelTableWidget</name>
    <message>
        <source>Add label</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Delete label</source>
        <translation>删除标签</translation>
    </message>
    <message>
        <source>Import...</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Read an ITK-SNAP label description file</source>
        <translation>读取 ITK-SNAP 标签描述文件</translation>
    </message>
    <message>
        <source>Write the labels as an ITK-SNAP label description file</source>
        <translation>将标签写入 ITK-SNAP 标签描述文件</translation>
    </message>
    <message>
        <source>Import labels</source>
        <translation>导入标签</translation>
    </message>
    <message>
        <source>Label descriptions (*.txt *.label);;All files (*)</source>
        <translation>标签描述文件 (*.txt *.label);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot import the labels</source>
        <translation>无法导入标签</translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation>导出标签描述</translation>
    </message>
    <message>
        <source>Label descriptions (*.txt)</source>
        <translation>标签描述文件 (*.txt)</translation>
    </message>
    <message>
        <source>Cannot export the labels</source>
        <translation>无法导出标签描述</translation>
    </message>
    <message>
        <source>Delete label %1?</source>
        <translation>删除标签 %1？</translation>
    </message>
    <message numerus="yes">
        <source>%n voxel(s) carry this label; they become background (Undo brings them back).</source>
        <translation>
            <numerusform>%n 个体素属于该标签；删除后它们将变为背景（可通过撤销恢复）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Label is locked</source>
        <translation>标签已锁定</translation>
    </message>
    <message>
        <source>Unlock label %1 before deleting it.</source>
        <translation>请先解锁标签 %1，然后再删除。</translation>
    </message>
</context>
<context>
    <name>medsam::ui::MainWindow</name>
    <message>
        <source>The 3D view needs an OpenGL display (platform &apos;%1&apos;)</source>
        <translation>3D 视图需要 OpenGL 显示（当前平台“%1”）</translation>
    </message>
    <message>
        <source>Image information</source>
        <translation>图像信息</translation>
    </message>
    <message>
        <source>Histogram and window</source>
        <translation>直方图与窗宽窗位</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation>叠加不透明度</translation>
    </message>
    <message>
        <source>Outline only</source>
        <translation>仅显示轮廓</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>AI</source>
        <translation>AI 分割</translation>
    </message>
    <message>
        <source>From the last accepted slice, the agent (the policy above, box if none) segments the next slices up and down until the structure ends; one undo step.</source>
        <translation>从最近接受的切片开始，智能体（使用上方的策略，未选择时为“仅框”）向上和向下逐层分割相邻切片，直到结构结束；整个过程可一步撤销。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause the propagation after the slice in progress (Cancel is in the status bar)</source>
        <translation>在当前切片完成后暂停传播（“取消”按钮位于状态栏）</translation>
    </message>
    <message>
        <source>Accept slice</source>
        <translation>接受切片</translation>
    </message>
    <message>
        <source>Reject slice</source>
        <translation>拒绝切片</translation>
    </message>
    <message>
        <source>Redo slice</source>
        <translation>重新分割切片</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;Open image or project...</source>
        <translation>打开图像或项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;DICOM folder...</source>
        <translation>打开 DICOM 文件夹(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;New project...</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>Open &amp;project...</source>
        <translation>打开项目(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Save labels to project</source>
        <translation>将标签保存到项目(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Export labels...</source>
        <translation>导出标签(&amp;E)…</translation>
    </message>
    <message>
        <source>Load &amp;label map...</source>
        <translation>加载标签图(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Recent files</source>
        <translation>最近打开的文件(&amp;R)</translation>
    </message>
    <message>
        <source>Save screens&amp;hot...</source>
        <translation>保存截图(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>浏览(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation>画笔(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation>橡皮擦(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;AI prompt</source>
        <translation>AI 提示(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Polygon / lasso</source>
        <translation>多边形 / 套索(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Propagate through the volume</source>
        <translation>在整个体数据中传播(&amp;G)</translation>
    </message>
    <message numerus="yes">
        <source>Propagated to %n slice(s); upwards it stopped at %1, downwards at %2</source>
        <translation>
            <numerusform>已传播到 %n 个切片；向上止于 %1，向下止于 %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n label mask(s) to the project</source>
        <translation>
            <numerusform>已将 %n 个标签掩膜保存到项目</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Layout 1x3 + 3D</source>
        <translation>布局 1x3 + 3D</translation>
    </message>
    <message>
        <source>Layout 2x2</source>
        <translation>布局 2x2</translation>
    </message>
    <message>
        <source>Axial only</source>
        <translation>仅轴位</translation>
    </message>
    <message>
        <source>Coronal only</source>
        <translation>仅冠状位</translation>
    </message>
    <message>
        <source>Sagittal only</source>
        <translation>仅矢状位</translation>
    </message>
    <message>
        <source>3D only</source>
        <translation>仅 3D</translation>
    </message>
    <message>
        <source>&amp;Reset views</source>
        <translation>重置视图(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Window/level preset</source>
        <translation>窗宽窗位预设(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>Use a &amp;SAM-family model folder...</source>
        <translation>使用 SAM 系列模型文件夹(&amp;S)…</translation>
    </message>
    <message>
        <source>SAM-family model folder (encoder.pt, decoder.pt, model.json)</source>
        <translation>SAM 系列模型文件夹（encoder.pt、decoder.pt、model.json）</translation>
    </message>
    <message>
        <source>Use the &amp;weight-free tool (default)</source>
        <translation>使用无需权重的工具（默认）(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About MedSAM Agent Studio</source>
        <translation>关于 MedSAM Agent Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>MedSAM Agent Studio</source>
        <translation>MedSAM Agent Studio</translation>
    </message>
    <message>
        <source>Open image or project</source>
        <translation>打开图像或项目</translation>
    </message>
    <message>
        <source>Open DICOM folder</source>
        <translation>打开 DICOM 文件夹</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Projects (*.db);;All files (*)</source>
        <translation>项目 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Projects (*.db)</source>
        <translation>项目 (*.db)</translation>
    </message>
    <message>
        <source>Create a project?</source>
        <translation>创建项目？</translation>
    </message>
    <message>
        <source>The image is not in a project yet. Create a project, add the image and save its labels there?</source>
        <translation>该图像尚未加入任何项目。是否创建项目、添加该图像并将其标签保存到项目中？</translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation>导出标签</translation>
    </message>
    <message>
        <source>Label maps (*.nii.gz *.nii *.nrrd *.mha)</source>
        <translation>标签图 (*.nii.gz *.nii *.nrrd *.mha)</translation>
    </message>
    <message>
        <source>Load label map</source>
        <translation>加载标签图</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>保存截图</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Cannot save the screenshot</source>
        <translation>无法保存截图</translation>
    </message>
    <message>
        <source>Propagate through the volume</source>
        <translation>在整个体数据中传播</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Session %1: %2</source>
        <translation>会话 %1：%2</translation>
    </message>
    <message>
        <source>Export curated sessions</source>
        <translation>导出已整理的会话</translation>
    </message>
    <message>
        <source>open a project first: the export reads its sessions</source>
        <translation>请先打开一个项目：导出会读取其中的会话</translation>
    </message>
    <message>
        <source>Project overview</source>
        <translation>项目概览</translation>
    </message>
    <message>
        <source>open a project first</source>
        <translation>请先打开一个项目</translation>
    </message>
    <message>
        <source>Export curated &amp;sessions...</source>
        <translation>导出已整理的会话(&amp;S)…</translation>
    </message>
    <message>
        <source>Active &amp;label</source>
        <translation>当前标签(&amp;L)</translation>
    </message>
    <message>
        <source>Label in row %1</source>
        <translation>第 %1 行的标签</translation>
    </message>
    <message>
        <source>A&amp;gent</source>
        <translation>智能体(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Run the agent</source>
        <translation>运行智能体(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause / resume the agent</source>
        <translation>暂停/继续智能体(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Step the agent one turn</source>
        <translation>智能体单步执行一轮(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top the agent</source>
        <translation>停止智能体(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Next slice</source>
        <translation>下一切片(&amp;N)</translation>
    </message>
    <message>
        <source>P&amp;revious slice</source>
        <translation>上一切片(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Sessions browser</source>
        <translation>会话浏览器(&amp;S)</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>窗宽窗位：</translation>
    </message>
    <message>
        <source>&amp;Project</source>
        <translation>项目(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Overview...</source>
        <translation>概览(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>The new language applies at the next start.</source>
        <translation>新语言将在下次启动时生效。</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts...</source>
        <translation>键盘快捷键(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Approve the session and go to the next</source>
        <translation>通过该会话并转到下一个</translation>
    </message>
    <message>
        <source>Reject the session and go to the next</source>
        <translation>拒绝该会话并转到下一个</translation>
    </message>
    <message>
        <source>Mark the session for correction and correct it</source>
        <translation>将该会话标记为需修正并进行修正</translation>
    </message>
    <message>
        <source>Next session</source>
        <translation>下一个会话</translation>
    </message>
    <message>
        <source>Previous session</source>
        <translation>上一个会话</translation>
    </message>
    <message>
        <source>not in a project</source>
        <translation>不在项目中</translation>
    </message>
</context>
<context>
    <name>medsam::ui::PaintbrushModel</name>
    <message>
        <source>Eraser stroke</source>
        <translation>橡皮擦笔画</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>画笔笔画</translation>
    </message>
</context>
<context>
    <name>medsam::ui::PaintbrushPanel</name>
    <message>
        <source>Navigate (N)</source>
        <translation>浏览 (N)</translation>
    </message>
    <message>
        <source>Brush (B)</source>
        <translation>画笔 (B)</translation>
    </message>
    <message>
        <source>Eraser (E)</source>
        <translation>橡皮擦 (E)</translation>
    </message>
    <message>
        <source>AI prompt (A)</source>
        <translation>AI 提示 (A)</translation>
    </message>
    <message>
        <source>Polygon / lasso (P)</source>
        <translation>多边形 / 套索 (P)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>in mm (else voxels)</source>
        <translation>以毫米为单位（否则为体素）</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>圆形</translation>
    </message>
    <message>
        <source>Square</source>
        <translation>方形</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>3D (a ball through slices)</source>
        <translation>3D（跨切片的球体）</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Paint over</source>
        <translation>覆盖范围</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>所有标签</translation>
    </message>
    <message>
        <source>Background only</source>
        <translation>仅背景</translation>
    </message>
    <message>
        <source>Only %1</source>
        <translation>仅 %1</translation>
    </message>
    <message>
        <source>(new)</source>
        <translation>（新建）</translation>
    </message>
</context>
<context>
    <name>medsam::ui::PolygonModel</name>
    <message>
        <source>Polygon fill</source>
        <translation>多边形填充</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ProjectOverviewDialog</name>
    <message>
        <source>Project overview</source>
        <translation>项目概览</translation>
    </message>
    <message>
        <source>%1 image(s), %2 label(s), %3 session(s)</source>
        <translation>图像 %1 幅，标签 %2 个，会话 %3 个</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话数</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>执行者</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Sessions with Dice</source>
        <translation>有 Dice 的会话数</translation>
    </message>
    <message>
        <source>Mean final Dice</source>
        <translation>平均最终 Dice</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Mean Dice after each step, per policy (sessions with a reference)</source>
        <translation>各策略每一步后的平均 Dice（有参考标注的会话）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>mean Dice</source>
        <translation>平均 Dice</translation>
    </message>
    <message>
        <source>No session has a Dice yet: Dice needs a reference label map.</source>
        <translation>尚无会话具有 Dice 值：计算 Dice 需要参考标签图。</translation>
    </message>
</context>
<context>
    <name>medsam::ui::PropagationReviewModel</name>
    <message>
        <source>to review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>redone</source>
        <translation>已重新分割</translation>
    </message>
    <message>
        <source>slice %1  %2 px  %3</source>
        <translation>切片 %1  %2 像素  %3</translation>
    </message>
    <message>
        <source>Reject propagated slice %1</source>
        <translation>拒绝传播的切片 %1</translation>
    </message>
    <message>
        <source>a slice is being redone: wait for it</source>
        <translation>有切片正在重新分割：请等待其完成</translation>
    </message>
    <message>
        <source>slice %1&apos;s neighbour has no mask to start from</source>
        <translation>切片 %1 的相邻切片没有可作为起点的掩膜</translation>
    </message>
    <message>
        <source>Redoing slice %1</source>
        <translation>正在重新分割切片 %1</translation>
    </message>
    <message>
        <source>Redo propagated slice %1</source>
        <translation>重新分割传播的切片 %1</translation>
    </message>
    <message>
        <source>Redone slice %1</source>
        <translation>已重新分割切片 %1</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ReviewModel</name>
    <message>
        <source>Session %1&apos;s masks are %2x%3 but slice %4 of the image is %5x%6</source>
        <translation>会话 %1 的掩膜为 %2x%3，但图像的切片 %4 为 %5x%6</translation>
    </message>
    <message>
        <source>Session %1 cannot be corrected here: it is not a slice session of the open image</source>
        <translation>无法在此修正会话 %1：它不是当前图像的切片会话</translation>
    </message>
    <message>
        <source>Load session %1 for correction</source>
        <translation>加载会话 %1 以进行修正</translation>
    </message>
    <message>
        <source>Session %1 corrected in session %2: %3 pixels added, %4 removed</source>
        <translation>会话 %1 已在会话 %2 中修正：增加 %3 个像素，移除 %4 个</translation>
    </message>
</context>
<context>
    <name>medsam::ui::SeriesListModel</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>模态</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Spacing</source>
        <translation>间距</translation>
    </message>
    <message>
        <source>Slices</source>
        <translation>切片数</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
</context>
<context>
    <name>medsam::ui::SeriesPickerDialog</name>
    <message>
        <source>Choose a DICOM series</source>
        <translation>选择 DICOM 序列</translation>
    </message>
    <message numerus="yes">
        <source>This folder holds %n series. Choose the one to open.</source>
        <translation>
            <numerusform>该文件夹包含 %n 个序列。请选择要打开的序列。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medsam::ui::SessionBrowserModel</name>
    <message>
        <source>Not reviewed</source>
        <translation>未审核</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>已修正</translation>
    </message>
    <message>
        <source>Needs correction</source>
        <translation>需修正</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Turn limit</source>
        <translation>达到轮数上限</translation>
    </message>
    <message>
        <source>Format error</source>
        <translation>格式错误</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>智能体</translation>
    </message>
    <message>
        <source>person</source>
        <translation>人工</translation>
    </message>
    <message>
        <source>expert</source>
        <translation>专家</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签 / 目标</translation>
    </message>
    <message>
        <source>Actors</source>
        <translation>执行者</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Final Dice</source>
        <translation>最终 Dice</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
</context>
<context>
    <name>medsam::ui::SessionsPanel</name>
    <message>
        <source>Search image, label, target, people, comments...</source>
        <translation>搜索图像、标签、目标、人员、评论…</translation>
    </message>
    <message>
        <source>Any review status</source>
        <translation>任意审核状态</translation>
    </message>
    <message>
        <source>Any label</source>
        <translation>任意标签</translation>
    </message>
    <message>
        <source>Any actor</source>
        <translation>任意执行者</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>智能体</translation>
    </message>
    <message>
        <source>person</source>
        <translation>人工</translation>
    </message>
    <message>
        <source>expert</source>
        <translation>专家</translation>
    </message>
    <message>
        <source>Any policy</source>
        <translation>任意策略</translation>
    </message>
    <message>
        <source>Any tool</source>
        <translation>任意工具</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>任意结果</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>第一步</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>播放/暂停</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Last step</source>
        <translation>最后一步</translation>
    </message>
    <message>
        <source> steps/s</source>
        <translation> 步/秒</translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation>回放速度</translation>
    </message>
    <message>
        <source>The model&apos;s raw reply for this step (none for a person&apos;s or the expert&apos;s step)</source>
        <translation>模型在此步骤的原始回复（人工或专家的步骤没有）</translation>
    </message>
    <message>
        <source>Review comment (optional)</source>
        <translation>审核意见（可选）</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Needs correction</source>
        <translation>需修正</translation>
    </message>
    <message>
        <source>Save correction</source>
        <translation>保存修正</translation>
    </message>
    <message>
        <source>Record the edited mask as a correction session linked to this one</source>
        <translation>将编辑后的掩膜记录为与此会话关联的修正会话</translation>
    </message>
    <message>
        <source>Stop correcting</source>
        <translation>结束修正</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Open a project to review its sessions.</source>
        <translation>打开一个项目以审核其会话。</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) match</source>
        <translation>
            <numerusform>%n 个会话符合条件</numerusform>
        </translation>
    </message>
    <message>
        <source>This session has no steps.</source>
        <translation>此会话没有步骤。</translation>
    </message>
    <message>
        <source>Select a session to replay it.</source>
        <translation>选择一个会话以回放。</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3 by %4</source>
        <translation>第 %1 步（共 %2 步）：%3，执行者：%4</translation>
    </message>
    <message>
        <source>, Dice %1</source>
        <translation>，Dice %1</translation>
    </message>
    <message>
        <source>, error: %1</source>
        <translation>，错误：%1</translation>
    </message>
    <message>
        <source>Any reviewer</source>
        <translation>任意审核人</translation>
    </message>
    <message>
        <source>Dice ≥ </source>
        <translation>Dice ≥ </translation>
    </message>
    <message>
        <source>Any Dice</source>
        <translation>任意 Dice</translation>
    </message>
    <message>
        <source>Only sessions whose final Dice is at least this (sessions with a reference)</source>
        <translation>仅显示最终 Dice 不低于此值的会话（有参考标注的会话）</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ShortcutsDialog</name>
    <message>
        <source>Sessions panel (when it has the focus)</source>
        <translation>会话面板（获得焦点时）</translation>
    </message>
    <message>
        <source>Main window</source>
        <translation>主窗口</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Click a shortcut and press the new keys; Backspace clears it. Changes apply at once.</source>
        <translation>单击快捷键后按下新的按键；按退格键可清除。更改立即生效。</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>作用范围</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Restore all defaults</source>
        <translation>全部恢复默认</translation>
    </message>
    <message>
        <source>%1 is already the shortcut of &quot;%2&quot;; choose another key or change that one first.</source>
        <translation>%1 已是“%2”的快捷键；请选择其他按键，或先修改该快捷键。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is now %2.</source>
        <translation>“%1”现在为 %2。</translation>
    </message>
    <message>
        <source>without a shortcut</source>
        <translation>无快捷键</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
</context>
<context>
    <name>medsam::ui::SliceViewModel</name>
    <message>
        <source>Axial</source>
        <translation>轴位</translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation>冠状位</translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation>矢状位</translation>
    </message>
</context>
<context>
    <name>medsam::ui::SliceViewWidget</name>
    <message>
        <source>%1  %2/%3</source>
        <translation>%1  %2/%3</translation>
    </message>
    <message>
        <source>W %1  L %2</source>
        <translation>窗宽 %1  窗位 %2</translation>
    </message>
</context>
<context>
    <name>medsam::ui::StudioModel</name>
    <message>
        <source>Label %1 stays in the project: recorded work uses it</source>
        <translation>标签 %1 仍保留在项目中：已记录的工作使用了它</translation>
    </message>
    <message>
        <source>Cannot remove the label from the project</source>
        <translation>无法从项目中移除该标签</translation>
    </message>
    <message>
        <source>The AI tool failed</source>
        <translation>AI 工具运行失败</translation>
    </message>
    <message>
        <source>Cannot redo the slice</source>
        <translation>无法重新分割该切片</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙碌中</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is still running: wait for it or cancel it first</source>
        <translation>“%1”仍在运行：请等待其完成或先将其取消</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>%1: no such file or folder</source>
        <translation>%1：文件或文件夹不存在</translation>
    </message>
    <message>
        <source>%1: not a project, a DICOM file or folder, or an image this program reads (NIfTI, NRRD, MetaImage, PNG, JPEG)</source>
        <translation>%1：不是项目、DICOM 文件或文件夹，也不是本程序可读取的图像（NIfTI、NRRD、MetaImage、PNG、JPEG）</translation>
    </message>
    <message>
        <source>Computing the window and the histogram</source>
        <translation>正在计算窗宽窗位和直方图</translation>
    </message>
    <message>
        <source>Adding the image to the project</source>
        <translation>正在将图像添加到项目</translation>
    </message>
    <message>
        <source>Reading the saved labels</source>
        <translation>正在读取已保存的标签</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
    <message>
        <source>Scanning %1</source>
        <translation>正在扫描 %1</translation>
    </message>
    <message>
        <source>Reading DICOM headers</source>
        <translation>正在读取 DICOM 头信息</translation>
    </message>
    <message>
        <source>Making previews</source>
        <translation>正在生成预览</translation>
    </message>
    <message>
        <source>Loading %1 slices</source>
        <translation>正在加载 %1 个切片</translation>
    </message>
    <message>
        <source>Decoding slices</source>
        <translation>正在解码切片</translation>
    </message>
    <message>
        <source>Cannot open project %1</source>
        <translation>无法打开项目 %1</translation>
    </message>
    <message>
        <source>Opening project %1</source>
        <translation>正在打开项目 %1</translation>
    </message>
    <message>
        <source>Checking the project&apos;s integrity</source>
        <translation>正在检查项目完整性</translation>
    </message>
    <message>
        <source>Cannot create project %1</source>
        <translation>无法创建项目 %1</translation>
    </message>
    <message>
        <source>%1 already exists; open it instead</source>
        <translation>%1 已存在；请直接打开它</translation>
    </message>
    <message>
        <source>Creating project %1</source>
        <translation>正在创建项目 %1</translation>
    </message>
    <message>
        <source>Cannot open the image</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <source>the project has no image %1</source>
        <translation>项目中没有图像 %1</translation>
    </message>
    <message>
        <source>Cannot load %1</source>
        <translation>无法加载 %1</translation>
    </message>
    <message>
        <source>open an image first: a label map is shown on an image&apos;s grid</source>
        <translation>请先打开图像：标签图需显示在图像的网格上</translation>
    </message>
    <message>
        <source>Cannot load label map %1</source>
        <translation>无法加载标签图 %1</translation>
    </message>
    <message>
        <source>Loading label map %1</source>
        <translation>正在加载标签图 %1</translation>
    </message>
    <message>
        <source>Cannot save the labels</source>
        <translation>无法保存标签</translation>
    </message>
    <message>
        <source>the image is not in a project: create one with File &gt; New project, then save</source>
        <translation>该图像不属于任何项目：请通过“文件 &gt; 新建项目”创建项目，然后保存</translation>
    </message>
    <message>
        <source>Saving the labels</source>
        <translation>正在保存标签</translation>
    </message>
    <message>
        <source>Cannot export the labels</source>
        <translation>无法导出标签</translation>
    </message>
    <message>
        <source>there is no label map to export</source>
        <translation>没有可导出的标签图</translation>
    </message>
    <message>
        <source>Cannot export the labels to %1</source>
        <translation>无法将标签导出到 %1</translation>
    </message>
    <message>
        <source>Exporting the labels</source>
        <translation>正在导出标签</translation>
    </message>
    <message>
        <source>Cannot store the label in the project</source>
        <translation>无法将标签存入项目</translation>
    </message>
    <message>
        <source>Cannot record the prompt in the project</source>
        <translation>无法在项目中记录该提示</translation>
    </message>
    <message>
        <source>Cannot record the end of the session</source>
        <translation>无法记录会话的结束</translation>
    </message>
    <message>
        <source>Cannot propagate</source>
        <translation>无法传播</translation>
    </message>
    <message>
        <source>accept an AI result on a slice first: propagation starts from it</source>
        <translation>请先在某个切片上接受一个 AI 结果：传播将从该切片开始</translation>
    </message>
    <message>
        <source>the expert imitates a reference: name its label values in the agent panel</source>
        <translation>专家策略模仿参考标注：请在智能体面板中指定其标签值</translation>
    </message>
    <message>
        <source>Propagation failed</source>
        <translation>传播失败</translation>
    </message>
    <message>
        <source>Propagating %1</source>
        <translation>正在传播 %1</translation>
    </message>
    <message>
        <source>Propagating: %1 slices</source>
        <translation>传播中：%1 个切片</translation>
    </message>
    <message numerus="yes">
        <source>Propagation (%n slice(s))</source>
        <translation>
            <numerusform>传播（%n 个切片）</numerusform>
        </translation>
    </message>
    <message>
        <source>Propagated slice %1</source>
        <translation>已传播切片 %1</translation>
    </message>
    <message>
        <source>Cannot save the window</source>
        <translation>无法保存窗宽窗位</translation>
    </message>
</context>
<context>
    <name>medsam::ui::View3DWidget</name>
    <message>
        <source>Extracting surfaces</source>
        <translation>正在提取表面</translation>
    </message>
</context>
<context>
    <name>medsam::ui::ViewerModel</name>
    <message>
        <source>Label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>ct-brain</source>
        <translation>CT 脑</translation>
    </message>
    <message>
        <source>ct-subdural</source>
        <translation>CT 硬膜下</translation>
    </message>
    <message>
        <source>ct-stroke</source>
        <translation>CT 卒中</translation>
    </message>
    <message>
        <source>ct-lung</source>
        <translation>CT 肺</translation>
    </message>
    <message>
        <source>ct-mediastinum</source>
        <translation>CT 纵隔</translation>
    </message>
    <message>
        <source>ct-abdomen</source>
        <translation>CT 腹部</translation>
    </message>
    <message>
        <source>ct-liver</source>
        <translation>CT 肝脏</translation>
    </message>
    <message>
        <source>ct-bone</source>
        <translation>CT 骨</translation>
    </message>
    <message>
        <source>ct-soft-tissue</source>
        <translation>CT 软组织</translation>
    </message>
</context>
</TS>
