<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AppTranslator</name>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
</context>
<context>
    <name>BatchFilter</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>未上传</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>正在上传</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>已上传</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>即将过期</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Waiting for quota</source>
        <translation>等待配额</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>已成功</translation>
    </message>
    <message>
        <source>Failed / Cancelled / Expired jobs</source>
        <translation>失败 / 已取消 / 已过期的作业</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>需要处理</translation>
    </message>
</context>
<context>
    <name>EventText</name>
    <message>
        <source>later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Upload started (%1)</source>
        <translation>已开始上传 (%1)</translation>
    </message>
    <message>
        <source>Upload resumed at %1 of %2</source>
        <translation>已从 %1 / %2 处继续上传</translation>
    </message>
    <message>
        <source>Uploaded as %1, expires %2</source>
        <translation>已上传为 %1，%2 过期</translation>
    </message>
    <message>
        <source>Upload refused by a quota (429)</source>
        <translation>上传被配额拒绝 (429)</translation>
    </message>
    <message>
        <source>Upload failed</source>
        <translation>上传失败</translation>
    </message>
    <message>
        <source>The server&apos;s copy does not match the local file; uploading again</source>
        <translation>服务器上的副本与本地文件不一致；正在重新上传</translation>
    </message>
    <message>
        <source>The local file changed or is missing; not uploaded</source>
        <translation>本地文件已更改或丢失；未上传</translation>
    </message>
    <message>
        <source>Creating a job (%1 jobs active)</source>
        <translation>正在创建作业（%1 个作业活动中）</translation>
    </message>
    <message>
        <source>Job %1 created</source>
        <translation>已创建作业 %1</translation>
    </message>
    <message>
        <source>Job creation may or may not have worked; checking with the server</source>
        <translation>无法确定作业是否创建成功；正在向服务器核实</translation>
    </message>
    <message>
        <source>Job creation rate-limited (429), waiting</source>
        <translation>作业创建受到速率限制 (429)，正在等待</translation>
    </message>
    <message>
        <source>Daily job-creation quota reached (429); next try %1</source>
        <translation>已达到每日作业创建配额 (429)；下次尝试 %1</translation>
    </message>
    <message>
        <source>Server refused a new job at %1 active jobs (429: batch capacity); trying again %2</source>
        <translation>服务器在 %1 个活动作业时拒绝了新作业（429：批次容量）；将于 %2 重试</translation>
    </message>
    <message>
        <source>The input file is gone from the server; it will be uploaded again</source>
        <translation>输入文件已不在服务器上；将重新上传</translation>
    </message>
    <message>
        <source>Job creation refused; retrying cannot help</source>
        <translation>作业创建被拒绝；重试也无济于事</translation>
    </message>
    <message>
        <source>Job cancelled on request</source>
        <translation>已按请求取消作业</translation>
    </message>
    <message>
        <source>Cancelling the job failed</source>
        <translation>取消作业失败</translation>
    </message>
    <message>
        <source>Job %1 set aside; a new job will be created</source>
        <translation>作业 %1 已搁置；将创建新作业</translation>
    </message>
    <message>
        <source>No progress since %1; the job may be stuck</source>
        <translation>自 %1 以来没有进展；作业可能已卡住</translation>
    </message>
    <message>
        <source>The job no longer exists on the server</source>
        <translation>该作业在服务器上已不存在</translation>
    </message>
    <message>
        <source>Checking job states failed</source>
        <translation>检查作业状态失败</translation>
    </message>
    <message>
        <source>Downloading results from %1</source>
        <translation>正在从 %1 下载结果</translation>
    </message>
    <message>
        <source>Downloading results failed</source>
        <translation>下载结果失败</translation>
    </message>
    <message>
        <source>Results downloaded: %1 succeeded, %2 failed or missing</source>
        <translation>结果已下载：%1 个成功，%2 个失败或缺失</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Remote file %1 deleted</source>
        <translation>已删除远程文件 %1</translation>
    </message>
    <message>
        <source>%1 failed or missing requests queued again as %2</source>
        <translation>%1 个失败或缺失的请求已作为 %2 重新排队</translation>
    </message>
    <message>
        <source>Could not write the resubmission file</source>
        <translation>无法写入重新提交文件</translation>
    </message>
    <message>
        <source>Comparing with the server failed; will try again</source>
        <translation>与服务器比对失败；稍后重试</translation>
    </message>
    <message>
        <source>Uploaded file %1 is gone from the server</source>
        <translation>已上传的文件 %1 已不在服务器上</translation>
    </message>
    <message>
        <source>Found this file already uploaded as %1</source>
        <translation>发现此文件已上传为 %1</translation>
    </message>
    <message>
        <source>Found this job already on the server: %1</source>
        <translation>发现此作业已在服务器上：%1</translation>
    </message>
    <message>
        <source>%1 jobs on the server carry this batch&apos;s name; the first one is used</source>
        <translation>服务器上有 %1 个作业使用此批次的名称；将使用第一个</translation>
    </message>
    <message>
        <source>The server never created the job; it will be created again</source>
        <translation>服务器从未创建该作业；将重新创建</translation>
    </message>
    <message>
        <source>Added to the project (%1 requests)</source>
        <translation>已添加到项目（%1 个请求）</translation>
    </message>
    <message>
        <source>The file changed after it was uploaded; the new version was not taken</source>
        <translation>文件在上传后发生了更改；未采用新版本</translation>
    </message>
    <message>
        <source>Adopted from a hand-over report (job %1, file %2)</source>
        <translation>已从交接报告中接管（作业 %1，文件 %2）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Retry requested</source>
        <translation>已请求重试</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>已继续</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Found this file already uploaded as %1 (&quot;%2&quot;, same sha256)</source>
        <translation>此文件已上传为 %1（&quot;%2&quot;，sha256 相同）</translation>
    </message>
    <message>
        <source>Found this job already on the server: %1 (&quot;%2&quot;)</source>
        <translation>该作业已在服务器上：%1（&quot;%2&quot;）</translation>
    </message>
    <message>
        <source>Its input file is gone; matched to %1 (&quot;%2&quot;) by batch number and request count</source>
        <translation>其输入文件已不存在；按批次编号和请求数匹配到 %1（&quot;%2&quot;）</translation>
    </message>
    <message>
        <source>May already be submitted; held for you</source>
        <translation>可能已提交；已为您暂停</translation>
    </message>
    <message>
        <source>Upload %1 holds other bytes than this file; it is not used</source>
        <translation>上传的 %1 与此文件字节不同；不使用</translation>
    </message>
    <message>
        <source>Job %1 has this batch&apos;s name but other input; left alone</source>
        <translation>作业 %1 与此批次同名但输入不同；未处理</translation>
    </message>
    <message>
        <source>Adopted from %3 (job %1, file %2)</source>
        <translation>从 %3 接管（作业 %1，文件 %2）</translation>
    </message>
    <message>
        <source>Its requests have no keys: uploading a copy with keys added (%1)</source>
        <translation>其请求没有键：正在上传添加了键的副本（%1）</translation>
    </message>
    <message>
        <source>Could not write the copy with keys added</source>
        <translation>无法写入添加了键的副本</translation>
    </message>
    <message>
        <source>%1 of %2 lines failed: new jobs are paused until you continue</source>
        <translation>%2 行中有 %1 行失败：新作业暂停，直到您继续</translation>
    </message>
    <message>
        <source>Continued despite the failed lines</source>
        <translation>尽管有失败的行仍已继续</translation>
    </message>
</context>
<context>
    <name>ProjectSession</name>
    <message>
        <source>The project %1 is already open in another Batchboard window or in batchboard-cli (%2). Only one program may work on a project at a time: switch to that window, or close it and try again.</source>
        <translation>项目 %1 已在另一个 Batchboard 窗口或 batchboard-cli 中打开 (%2)。同一时间只能有一个程序处理一个项目：请切换到该窗口，或将其关闭后重试。</translation>
    </message>
    <message>
        <source>The project %1 was written by a newer Batchboard (schema %2). Update Batchboard to open it; the file was not changed.</source>
        <translation>项目 %1 由较新版本的 Batchboard 写入（架构 %2）。请更新 Batchboard 以打开它；文件未被更改。</translation>
    </message>
    <message>
        <source>%1 is not a Batchboard project (%2). The file was not changed.</source>
        <translation>%1 不是 Batchboard 项目 (%2)。文件未被更改。</translation>
    </message>
    <message>
        <source>The project %1 is damaged: %2</source>
        <translation>项目 %1 已损坏：%2</translation>
    </message>
    <message>
        <source>The project %1 cannot be used: %2</source>
        <translation>无法使用项目 %1：%2</translation>
    </message>
    <message>
        <source>The project %1 refused a change: %2</source>
        <translation>项目 %1 拒绝了一项更改：%2</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Uploaded, no job yet</source>
        <translation>已上传，尚无作业</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>正在上传</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>未上传</translation>
    </message>
    <message>
        <source>Failed / cancelled / expired</source>
        <translation>失败 / 已取消 / 已过期</translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message>
        <source>No batches yet — drop a folder of .jsonl files here, or use Add folder…</source>
        <translation>还没有批次 — 将包含 .jsonl 文件的文件夹拖放到此处，或使用“添加文件夹…”</translation>
    </message>
    <message>
        <source>%1/%2 done</source>
        <translation>%1/%2 已完成</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for quota</source>
        <translation>
            <numerusform>%n 个等待配额</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, next try %2</source>
        <translation>%1，下次尝试 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) active</source>
        <translation>
            <numerusform>%n 个作业活动中</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 stored</source>
        <translation>已存储 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n 个需要处理</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) failed</source>
        <translation>
            <numerusform>%n 个请求失败</numerusform>
        </translation>
    </message>
    <message>
        <source>the run to be resumed</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <source>an upload slot</source>
        <translation>上传名额</translation>
    </message>
    <message>
        <source>the rate limit</source>
        <translation>速率限制</translation>
    </message>
    <message>
        <source>the daily quota</source>
        <translation>每日配额</translation>
    </message>
    <message>
        <source>batch capacity</source>
        <translation>批次容量</translation>
    </message>
    <message>
        <source>the concurrent job limit</source>
        <translation>并发作业限制</translation>
    </message>
    <message>
        <source>the enqueued token limit</source>
        <translation>排队令牌限制</translation>
    </message>
    <message>
        <source>file storage</source>
        <translation>文件存储</translation>
    </message>
    <message>
        <source>a fresh upload</source>
        <translation>重新上传</translation>
    </message>
    <message>
        <source>the spend cap</source>
        <translation>支出上限</translation>
    </message>
    <message>
        <source>a retry after an error</source>
        <translation>出错后重试</translation>
    </message>
    <message>
        <source>you (held)</source>
        <translation>您（已暂扣）</translation>
    </message>
    <message>
        <source>you</source>
        <translation>您</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>All done</source>
        <translation>全部完成</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Checking with the server…</source>
        <translation>正在向服务器核实…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>the first job (it runs alone)</source>
        <translation>第一个作业（单独运行）</translation>
    </message>
    <message>
        <source>you (a job&apos;s lines failed)</source>
        <translation>您（某个作业的行失败了）</translation>
    </message>
    <message>
        <source>you (choose another model)</source>
        <translation>您（选择其他模型）</translation>
    </message>
    <message>
        <source>you (billing)</source>
        <translation>您（结算）</translation>
    </message>
</context>
<context>
    <name>bb::ActivityLogView</name>
    <message>
        <source>Activity log</source>
        <translation>活动日志</translation>
    </message>
    <message>
        <source>All batches</source>
        <translation>所有批次</translation>
    </message>
    <message>
        <source>Project events only</source>
        <translation>仅项目事件</translation>
    </message>
    <message>
        <source>Selected batch</source>
        <translation>所选批次</translation>
    </message>
    <message>
        <source>Show events of</source>
        <translation>显示以下对象的事件</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Information and above</source>
        <translation>信息及以上</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>Minimum severity</source>
        <translation>最低严重级别</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>搜索日志</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>级别(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>bb::AppController</name>
    <message>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>The base URL %1 is not allowed: %2. Change it in Settings › Connection › Advanced.</source>
        <translation>不允许使用基础 URL %1：%2。请在 设置 › 连接 › 高级 中更改。</translation>
    </message>
    <message>
        <source>The sample batches could not be written: %1</source>
        <translation>无法写入示例批次：%1</translation>
    </message>
    <message>
        <source>Sandbox mode is unavailable: the built-in emulator could not start (%1).</source>
        <translation>沙盒模式不可用：内置模拟器无法启动 (%1)。</translation>
    </message>
    <message>
        <source>Sandbox mode</source>
        <translation>沙盒模式</translation>
    </message>
    <message>
        <source>Projects are opened against the real Gemini API. Enter an API key in Settings first; Sandbox mode always works on a fresh practice project.</source>
        <translation>项目将使用真实的 Gemini API 打开。请先在设置中输入 API 密钥；沙盒模式始终在全新的练习项目上运行。</translation>
    </message>
</context>
<context>
    <name>bb::BatchActions</name>
    <message>
        <source>&amp;Add folder…</source>
        <translation>添加文件夹(&amp;A)…</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>Add a folder of .jsonl request files (or drop it on the window)</source>
        <translation>添加包含 .jsonl 请求文件的文件夹（或将其拖放到窗口上）</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Check with the server, then upload, create jobs, wait out quotas and download until done</source>
        <translation>先向服务器核实，然后上传、创建作业、等待配额并下载，直到全部完成</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Start nothing new; running uploads finish their chunk and everything stays resumable</source>
        <translation>不再启动新任务；正在进行的上传会完成当前分块，一切都可继续</translation>
    </message>
    <message>
        <source>&amp;Cancel selected</source>
        <translation>取消所选(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel the selected batches&apos; jobs on the server, or hold batches that have no job yet</source>
        <translation>在服务器上取消所选批次的作业，或暂扣尚无作业的批次</translation>
    </message>
    <message>
        <source>Cancel &amp;all…</source>
        <translation>全部取消(&amp;A)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Del</source>
        <translation>Ctrl+Shift+Del</translation>
    </message>
    <message>
        <source>Cancel every running job and hold every batch not yet submitted</source>
        <translation>取消所有正在运行的作业，并暂扣所有尚未提交的批次</translation>
    </message>
    <message>
        <source>&amp;Download results</source>
        <translation>下载结果(&amp;D)</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Download the results of the selected batches (or of every finished job if none is selected)</source>
        <translation>下载所选批次的结果（未选择时下载所有已完成作业的结果）</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Write one JSONL with a line per request, in input order</source>
        <translation>按输入顺序写出一个 JSONL 文件，每个请求一行</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>API key, model, quota limits, notifications and language</source>
        <translation>API 密钥、模型、配额限制、通知和语言</translation>
    </message>
    <message>
        <source>&amp;Upload now</source>
        <translation>立即上传(&amp;U)</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>Upload the selected files now, ahead of the queue</source>
        <translation>立即上传所选文件，优先于队列</translation>
    </message>
    <message>
        <source>Create &amp;job now</source>
        <translation>立即创建作业(&amp;J)</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>Create the selected batches&apos; jobs now, ahead of the queue</source>
        <translation>立即创建所选批次的作业，优先于队列</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>Try failed, cancelled, expired or held batches again (a new job replaces an ended one)</source>
        <translation>重试失败、已取消、已过期或已暂扣的批次（新作业会替换已结束的作业）</translation>
    </message>
    <message>
        <source>Re-&amp;upload</source>
        <translation>重新上传(&amp;U)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>Replace the uploaded file with a fresh upload (for a file close to expiry)</source>
        <translation>用新的上传替换已上传的文件（适用于即将过期的文件）</translation>
    </message>
    <message>
        <source>&amp;Delete remote file</source>
        <translation>删除远程文件(&amp;D)</translation>
    </message>
    <message>
        <source>Shift+Del</source>
        <translation>Shift+Del</translation>
    </message>
    <message>
        <source>Delete the uploaded input file from the server to free storage</source>
        <translation>从服务器删除已上传的输入文件以释放存储空间</translation>
    </message>
    <message>
        <source>&amp;Open results folder</source>
        <translation>打开结果文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Show the downloaded results in the file manager</source>
        <translation>在文件管理器中显示已下载的结果</translation>
    </message>
    <message>
        <source>Copy job &amp;name</source>
        <translation>复制作业名称(&amp;N)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Copy the selected batches&apos; job names (batches/…)</source>
        <translation>复制所选批次的作业名称 (batches/…)</translation>
    </message>
    <message>
        <source>Copy file U&amp;RI</source>
        <translation>复制文件 URI(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+Alt+C</source>
        <translation>Ctrl+Alt+C</translation>
    </message>
    <message>
        <source>Copy the selected batches&apos; uploaded file URIs</source>
        <translation>复制所选批次已上传文件的 URI</translation>
    </message>
    <message>
        <source>Re&amp;submit failed keys</source>
        <translation>重新提交失败的键(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Queue the failed and missing requests of the selected batches as new linked batches</source>
        <translation>将所选批次中失败和缺失的请求作为新的关联批次排队</translation>
    </message>
    <message>
        <source>Resumed: checking with the server, then continuing where things stopped</source>
        <translation>已继续：正在向服务器核实，然后从中断处继续</translation>
    </message>
    <message>
        <source>Paused: nothing new starts; Resume continues</source>
        <translation>已暂停：不会启动新任务；“继续”可恢复</translation>
    </message>
    <message numerus="yes">
        <source>Cancelling or holding %n batch(es)</source>
        <translation>
            <numerusform>正在取消或暂扣 %n 个批次</numerusform>
        </translation>
    </message>
    <message>
        <source>No finished job is waiting for its results</source>
        <translation>没有等待结果的已完成作业</translation>
    </message>
    <message numerus="yes">
        <source>Downloading the results of %n batch(es)</source>
        <translation>
            <numerusform>正在下载 %n 个批次的结果</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n batch(es) now</source>
        <translation>
            <numerusform>正在立即上传 %n 个批次</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Creating %n job(s) now</source>
        <translation>
            <numerusform>正在立即创建 %n 个作业</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying %n batch(es) again</source>
        <translation>
            <numerusform>正在重试 %n 个批次</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n file(s) again</source>
        <translation>
            <numerusform>正在重新上传 %n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n remote file(s)</source>
        <translation>
            <numerusform>正在删除 %n 个远程文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resubmission(s) queued; Resume runs them</source>
        <translation>
            <numerusform>已将 %n 个重新提交排队；“继续”会运行它们</numerusform>
        </translation>
    </message>
    <message>
        <source>None of the selected batches has failed keys to resubmit</source>
        <translation>所选批次中没有可重新提交的失败键</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This does not apply to any of the selected batches</source>
        <translation>此操作不适用于任何所选批次</translation>
    </message>
    <message>
        <source>%1 (%2 of the selected batches did not apply)</source>
        <translation>%1（所选批次中有 %2 个不适用）</translation>
    </message>
    <message>
        <source>Nothing to cancel</source>
        <translation>没有可取消的内容</translation>
    </message>
    <message>
        <source>Cancel all batches?</source>
        <translation>取消所有批次？</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n batch(es)? Jobs on the server are cancelled (requests they already finished are kept); batches without a job are held until you retry them.</source>
        <translation>
            <numerusform>取消 %n 个批次？服务器上的作业将被取消（已完成的请求会保留）；没有作业的批次将被暂扣，直到您重试。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>全部取消</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>继续运行</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n job name(s)</source>
        <translation>
            <numerusform>已复制 %n 个作业名称</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n file URI(s)</source>
        <translation>
            <numerusform>已复制 %n 个文件 URI</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::BatchTableModel</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>upload slot</source>
        <translation>上传名额</translation>
    </message>
    <message>
        <source>rate limit</source>
        <translation>速率限制</translation>
    </message>
    <message>
        <source>daily quota</source>
        <translation>每日配额</translation>
    </message>
    <message>
        <source>batch capacity</source>
        <translation>批次容量</translation>
    </message>
    <message>
        <source>concurrent batch limit</source>
        <translation>并发批次限制</translation>
    </message>
    <message>
        <source>enqueued token limit</source>
        <translation>排队令牌限制</translation>
    </message>
    <message>
        <source>file storage limit</source>
        <translation>文件存储限制</translation>
    </message>
    <message>
        <source>file too close to expiry</source>
        <translation>文件即将过期</translation>
    </message>
    <message>
        <source>spend cap</source>
        <translation>支出上限</translation>
    </message>
    <message>
        <source>retrying after an error</source>
        <translation>出错后重试</translation>
    </message>
    <message>
        <source>held</source>
        <translation>已暂扣</translation>
    </message>
    <message>
        <source>needs your attention</source>
        <translation>需要您处理</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>未上传</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>正在上传</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>已上传</translation>
    </message>
    <message>
        <source>File expired</source>
        <translation>文件已过期</translation>
    </message>
    <message>
        <source>Creating job</source>
        <translation>正在创建作业</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>已成功</translation>
    </message>
    <message>
        <source>Downloading results</source>
        <translation>正在下载结果</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Job failed</source>
        <translation>作业失败</translation>
    </message>
    <message>
        <source>Job cancelled</source>
        <translation>作业已取消</translation>
    </message>
    <message>
        <source>Job expired</source>
        <translation>作业已过期</translation>
    </message>
    <message>
        <source>The price table has no row for this model</source>
        <translation>价格表中没有此模型的条目</translation>
    </message>
    <message>
        <source>Estimate %1 (non-batch price %2)</source>
        <translation>估算 %1（非批处理价格 %2）</translation>
    </message>
    <message>
        <source>Actual %1 (non-batch price %2)</source>
        <translation>实际 %1（非批处理价格 %2）</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>%1 / ETA %2</source>
        <translation>%1 / 预计剩余 %2</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>无价格</translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>等待中：%1</translation>
    </message>
    <message>
        <source>Waiting: %1, next try %2</source>
        <translation>等待中：%1，下次尝试 %2</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>File expires in</source>
        <translation>文件过期剩余</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>作业</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Elapsed / ETA</source>
        <translation>已用 / 预计剩余</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>the first job runs alone</source>
        <translation>第一个作业单独运行</translation>
    </message>
    <message>
        <source>paused: a job&apos;s lines failed</source>
        <translation>已暂停：某个作业的行失败了</translation>
    </message>
    <message>
        <source>needs your attention: choose another model in Settings › Work</source>
        <translation>需要您处理：请在“设置 › 工作”中选择其他模型</translation>
    </message>
    <message>
        <source>stopped by billing</source>
        <translation>因结算而停止</translation>
    </message>
</context>
<context>
    <name>bb::BatchTableView</name>
    <message>
        <source>Batches</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>One row per batch file with its state, progress and deadlines</source>
        <translation>每个批次文件一行，显示其状态、进度和期限</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Reset columns</source>
        <translation>重置列</translation>
    </message>
</context>
<context>
    <name>bb::BreakdownChart</name>
    <message>
        <source>Batches by state</source>
        <translation>按状态统计的批次</translation>
    </message>
    <message>
        <source>No batches yet</source>
        <translation>还没有批次</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 of %2 batches done</source>
        <translation>%2 个批次中已完成 %1 个</translation>
    </message>
</context>
<context>
    <name>bb::ConnectionTester</name>
    <message>
        <source>This base URL is not allowed: %1</source>
        <translation>不允许使用此基础 URL：%1</translation>
    </message>
    <message>
        <source>Connected: the server accepted the key.</source>
        <translation>已连接：服务器接受了该密钥。</translation>
    </message>
    <message>
        <source>The server refused the key: %1</source>
        <translation>服务器拒绝了该密钥：%1</translation>
    </message>
    <message>
        <source>Connected, but the server is rate-limiting this key right now (429).</source>
        <translation>已连接，但服务器目前正在对此密钥进行速率限制 (429)。</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
    <message>
        <source>The proxy stopped the request: %1</source>
        <translation>代理阻止了该请求：%1</translation>
    </message>
</context>
<context>
    <name>bb::CostChart</name>
    <message>
        <source>Spend over time</source>
        <translation>支出趋势</translation>
    </message>
    <message>
        <source>Spent (batch price)</source>
        <translation>已支出（批处理价格）</translation>
    </message>
    <message>
        <source>Same tokens at the non-batch price</source>
        <translation>相同令牌按非批处理价格</translation>
    </message>
    <message>
        <source>Projected total</source>
        <translation>预计总额</translation>
    </message>
    <message>
        <source>Projected at the non-batch price</source>
        <translation>按非批处理价格预计</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <source>Spend cap</source>
        <translation>支出上限</translation>
    </message>
    <message>
        <source>Spend over time (USD)</source>
        <translation>支出趋势 (USD)</translation>
    </message>
</context>
<context>
    <name>bb::CostSettingsPage</name>
    <message>
        <source>Create no job that would take the projected spend past</source>
        <translation>不创建会使预计支出超过以下金额的作业：</translation>
    </message>
    <message>
        <source>Prices of this project (USD per 1M tokens, interactive price)</source>
        <translation>此项目的价格（每 100 万令牌的美元价格，交互式价格）</translation>
    </message>
    <message>
        <source>The Batch API charges the batch factor of these prices (0.5 = 50%); cache hits are billed like non-batch. Thinking tokens of 2.5 models are billed as output. Prompts over 200k tokens use the &gt;200k prices where a model has them.</source>
        <translation>Batch API 按这些价格乘以批处理系数收费（0.5 = 50%）；缓存命中按非批处理价格计费。2.5 模型的思考令牌按输出计费。超过 20 万令牌的提示在模型有 &gt;200k 价格时按该价格计费。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>缓存</translation>
    </message>
    <message>
        <source>Input &gt;200k</source>
        <translation>输入 &gt;200k</translation>
    </message>
    <message>
        <source>Output &gt;200k</source>
        <translation>输出 &gt;200k</translation>
    </message>
    <message>
        <source>Batch factor</source>
        <translation>批处理系数</translation>
    </message>
    <message>
        <source>Price table</source>
        <translation>价格表</translation>
    </message>
    <message>
        <source>Prices as of</source>
        <translation>价格日期</translation>
    </message>
    <message>
        <source>&amp;Add model</source>
        <translation>添加模型(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove model</source>
        <translation>移除模型(&amp;R)</translation>
    </message>
    <message>
        <source>Restore &amp;Google&apos;s prices of %1</source>
        <translation>恢复 %1 的 Google 价格(&amp;G)</translation>
    </message>
    <message>
        <source>Before the first results arrive</source>
        <translation>在第一批结果到达之前</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 令牌</translation>
    </message>
    <message>
        <source>Expected &amp;output per request:</source>
        <translation>每个请求的预计输出(&amp;O)：</translation>
    </message>
    <message>
        <source>Expected &amp;thinking per request:</source>
        <translation>每个请求的预计思考(&amp;T)：</translation>
    </message>
    <message>
        <source>Results replace these guesses: their usage metadata calibrates prompt tokens per byte and the output and thinking per request.</source>
        <translation>结果到达后将替换这些估计：其用量元数据会校准每字节的提示令牌数以及每个请求的输出和思考令牌数。</translation>
    </message>
    <message>
        <source>Spend cap</source>
        <translation>支出上限</translation>
    </message>
    <message>
        <source>Spend cap in US dollars</source>
        <translation>支出上限（美元）</translation>
    </message>
    <message>
        <source>model-name</source>
        <translation>模型名称</translation>
    </message>
</context>
<context>
    <name>bb::CostStatusLabel</name>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Selected ≈ %1 (non-batch %2)</source>
        <translation>所选 ≈ %1（非批处理 %2）</translation>
    </message>
    <message>
        <source>Cost ≈ %1 (non-batch %2, saving %3)</source>
        <translation>费用 ≈ %1（非批处理 %2，节省 %3）</translation>
    </message>
    <message>
        <source>spent %1</source>
        <translation>已支出 %1</translation>
    </message>
    <message>
        <source>cap %1 — the run would pass it</source>
        <translation>上限 %1 — 本次运行将超出上限</translation>
    </message>
    <message>
        <source>cap %1</source>
        <translation>上限 %1</translation>
    </message>
    <message>
        <source>Batch API price (50% of the interactive price); prices as of %1 from %2.</source>
        <translation>Batch API 价格（交互式价格的 50%）；价格截至 %1，来源 %2。</translation>
    </message>
    <message>
        <source>Estimate before the run: %1 (non-batch %2).</source>
        <translation>运行前估算：%1（非批处理 %2）。</translation>
    </message>
    <message>
        <source>Calibrated on %1 results: %2 tokens per prompt byte, %3 output and %4 thinking tokens per request.</source>
        <translation>已根据 %1 个结果校准：每提示字节 %2 个令牌，每个请求 %3 个输出令牌和 %4 个思考令牌。</translation>
    </message>
    <message>
        <source>No results yet: expecting %1 output and %2 thinking tokens per request (Settings → Cost).</source>
        <translation>尚无结果：预计每个请求 %1 个输出令牌和 %2 个思考令牌（设置 → 费用）。</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) use a model without a price.</source>
        <translation>
            <numerusform>%n 个批次使用了没有价格的模型。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) held by the cap (Settings → Cost)</source>
        <translation>
            <numerusform>%n 个批次因上限而暂扣（设置 → 费用）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::DetailPanel</name>
    <message>
        <source>Copy job name</source>
        <translation>复制作业名称</translation>
    </message>
    <message>
        <source>Copy file URI</source>
        <translation>复制文件 URI</translation>
    </message>
    <message>
        <source>Batch details</source>
        <translation>批次详情</translation>
    </message>
    <message>
        <source>Selected batch</source>
        <translation>所选批次</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>批次：</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Local file:</source>
        <translation>本地文件：</translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation>请求：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>Token estimate:</source>
        <translation>令牌估算：</translation>
    </message>
    <message>
        <source>SHA-256:</source>
        <translation>SHA-256：</translation>
    </message>
    <message>
        <source>Next attempt:</source>
        <translation>下次尝试：</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>尝试次数：</translation>
    </message>
    <message>
        <source>State changed:</source>
        <translation>状态变更：</translation>
    </message>
    <message>
        <source>Remote file:</source>
        <translation>远程文件：</translation>
    </message>
    <message>
        <source>File URI:</source>
        <translation>文件 URI：</translation>
    </message>
    <message>
        <source>File expires:</source>
        <translation>文件过期：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Job:</source>
        <translation>作业：</translation>
    </message>
    <message>
        <source>Job created:</source>
        <translation>作业创建：</translation>
    </message>
    <message>
        <source>Job ended:</source>
        <translation>作业结束：</translation>
    </message>
    <message>
        <source>Outcomes:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>Results file:</source>
        <translation>结果文件：</translation>
    </message>
    <message>
        <source>Resubmission of:</source>
        <translation>重新提交自：</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最后一个错误</translation>
    </message>
    <message>
        <source>No error</source>
        <translation>无错误</translation>
    </message>
    <message>
        <source>Event history of the batch</source>
        <translation>批次的事件历史</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Select a batch to see its details</source>
        <translation>选择一个批次以查看其详情</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1（%2 字节）</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>约 %1</translation>
    </message>
    <message>
        <source>%1 (in %2)</source>
        <translation>%1（%2 后）</translation>
    </message>
    <message>
        <source>%1 succeeded · %2 failed · %3 pending</source>
        <translation>%1 个成功 · %2 个失败 · %3 个待处理</translation>
    </message>
</context>
<context>
    <name>bb::Engine</name>
    <message>
        <source>cannot create the results folder %1</source>
        <translation>无法创建结果文件夹 %1</translation>
    </message>
    <message>
        <source>the results file is no longer available on the server; resubmit the batch&apos;s keys (%1)</source>
        <translation>结果文件在服务器上已不可用；请重新提交该批次的键 (%1)</translation>
    </message>
    <message>
        <source>cannot read the downloaded results %1: %2</source>
        <translation>无法读取已下载的结果 %1：%2</translation>
    </message>
    <message>
        <source>the job no longer exists on the server (%1)</source>
        <translation>该作业在服务器上已不存在 (%1)</translation>
    </message>
    <message>
        <source>the batch job failed</source>
        <translation>批处理作业失败</translation>
    </message>
    <message>
        <source>the job stayed pending or running for 48 hours and expired</source>
        <translation>作业保持排队或运行状态达 48 小时，已过期</translation>
    </message>
    <message>
        <source>%1 no longer exists</source>
        <translation>%1 已不存在</translation>
    </message>
    <message>
        <source>%1 changed since it was imported; import it again</source>
        <translation>%1 在导入后已更改；请重新导入</translation>
    </message>
    <message>
        <source>the uploaded bytes do not match the file (sha256 %1, expected %2)</source>
        <translation>上传的字节与文件不一致（sha256 %1，应为 %2）</translation>
    </message>
    <message numerus="yes">
        <source>lists %n local file(s) and nothing on the server; nothing to adopt</source>
        <translation>
            <numerusform>列出了 %n 个本地文件，但没有服务器上的内容；没有可接管的内容</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>lists %n batch(es) as failed (%1); nothing to adopt for them, and the server has the final word</source>
        <translation>
            <numerusform>将 %n 个批次列为失败 (%1)；这些批次没有可接管的内容，以服务器为准</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) are not in the project yet; what the report says about them is adopted when their files are imported</source>
        <translation>
            <numerusform>%n 个批次尚不在项目中；报告中关于它们的内容将在导入其文件时接管</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 jobs and %2 uploaded files adopted, %3 already known</source>
        <translation>已接管 %1 个作业和 %2 个已上传文件，%3 个已知</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have no number in their name; they are batches without a number.</source>
        <translation>
            <numerusform>%n 个文件的名称中没有编号；它们是没有编号的批次。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) have no &quot;key&quot;; each is named after its batch and line (batch_011_proper#line1) in the results and the export.</source>
        <translation>
            <numerusform>%n 个请求没有 &quot;key&quot;；在结果和导出中，每个请求以其批次和行命名 (batch_011_proper#line1)。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) start with a UTF-8 byte-order mark; it is skipped.</source>
        <translation>
            <numerusform>%n 个文件以 UTF-8 字节顺序标记 (BOM) 开头；该标记会被跳过。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have Windows (CRLF) line ends; they are read as they are.</source>
        <translation>
            <numerusform>%n 个文件使用 Windows (CRLF) 行尾；将按原样读取。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) end without a final newline; their last line is read as a request.</source>
        <translation>
            <numerusform>%n 个文件末尾没有换行符；其最后一行将作为请求读取。</numerusform>
        </translation>
    </message>
    <message>
        <source>may already be submitted as %1 (its input file is gone, so this cannot be proven); check, then Retry to create a job anyway</source>
        <translation>可能已作为 %1 提交（其输入文件已不存在，因此无法证实）；请检查，然后使用“重试”仍然创建作业</translation>
    </message>
    <message>
        <source>cannot write the copy with keys added: %1</source>
        <translation>无法写入添加了键的副本：%1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 lines failed (%4); new jobs wait until you continue anyway</source>
        <translation>%1：%3 行中有 %2 行失败（%4）；新作业将等待，直到您选择仍然继续</translation>
    </message>
    <message>
        <source>the model %1 is not available to this key (%2); needs your attention: choose another model in Settings › Work</source>
        <translation>此密钥无法使用模型 %1（%2）；需要您处理：请在“设置 › 工作”中选择其他模型</translation>
    </message>
    <message>
        <source>creating jobs stopped by billing (%1); waiting will not help. Fix it at %2, then press Resume. Jobs already created still finish.</source>
        <translation>因结算已停止创建作业（%1）；等待无济于事。请在 %2 处理后按“继续”。已创建的作业仍会完成。</translation>
    </message>
</context>
<context>
    <name>bb::EventLogModel</name>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Level</source>
        <comment>severity of a log entry</comment>
        <translation>级别</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
</context>
<context>
    <name>bb::ExportController</name>
    <message>
        <source>Export failed, %1 was not written: %2</source>
        <translation>导出失败，未写入 %1：%2</translation>
    </message>
    <message>
        <source>Exported %1 lines to %2: %3 succeeded, %4 failed, %5 blocked, %6 without a result</source>
        <translation>已将 %1 行导出到 %2：%3 个成功，%4 个失败，%5 个被阻止，%6 个无结果</translation>
    </message>
    <message>
        <source>Spent %1 at the batch price (%2 at the non-batch price).</source>
        <translation>按批处理价格已支出 %1（按非批处理价格为 %2）。</translation>
    </message>
</context>
<context>
    <name>bb::FailureAlarmBar</name>
    <message>
        <source>&amp;Continue anyway</source>
        <translation>仍然继续(&amp;C)</translation>
    </message>
    <message>
        <source>New jobs paused</source>
        <translation>新作业已暂停</translation>
    </message>
    <message>
        <source>Create the remaining jobs although this one&apos;s lines failed</source>
        <translation>尽管此作业的行失败，仍创建其余作业</translation>
    </message>
    <message>
        <source>New jobs paused. %1</source>
        <translation>新作业已暂停。%1</translation>
    </message>
    <message>
        <source>New jobs stopped: %1</source>
        <translation>新作业已停止：%1</translation>
    </message>
    <message>
        <source>Open the &amp;billing page</source>
        <translation>打开结算页面(&amp;B)</translation>
    </message>
    <message>
        <source>Choose a &amp;model…</source>
        <translation>选择模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Settings › Work › Model</source>
        <translation>设置 › 工作 › 模型</translation>
    </message>
</context>
<context>
    <name>bb::FilterSidebar</name>
    <message>
        <source>Batch categories</source>
        <translation>批次类别</translation>
    </message>
    <message>
        <source>Shows only the batches of the chosen category; the number is how many are in it</source>
        <translation>仅显示所选类别的批次；数字表示该类别中的批次数量</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n batch(es)</source>
        <extracomment>Accessible text of a sidebar category: &quot;Running, 12 batches&quot;</extracomment>
        <translation>
            <numerusform>%1，%n 个批次</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::ImportController</name>
    <message>
        <source>%1: not a folder, .jsonl file or hand-over report</source>
        <translation>%1：不是文件夹、.jsonl 文件或交接报告</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>未导入任何内容</translation>
    </message>
    <message>
        <source>Import problems</source>
        <translation>导入问题</translation>
    </message>
    <message>
        <source>%1. These files or lines could not be used; fix them and drop them again:</source>
        <translation>%1。以下文件或行无法使用；请修正后重新拖放：</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>导入已取消</translation>
    </message>
    <message>
        <source>No .jsonl files were found there.</source>
        <translation>在该位置未找到 .jsonl 文件。</translation>
    </message>
    <message>
        <source>%1: skipped (%2)</source>
        <translation>%1：已跳过 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n more problem(s) not shown</source>
        <translation>
            <numerusform>%1：另有 %n 个问题未显示</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added</source>
        <translation>
            <numerusform>已添加 %n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n already in the project</source>
        <translation>
            <numerusform>，%n 个已在项目中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n updated</source>
        <translation>
            <numerusform>，%n 个已更新</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n not imported</source>
        <translation>
            <numerusform>，%n 个未导入</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1:%2: %3</source>
        <translation>%1:%2: %3</translation>
    </message>
    <message>
        <source>%1: no batch jobs or uploads found in this report</source>
        <translation>%1：此报告中未找到批处理作业或上传</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n job(s) and %2 upload(s) adopted, %3 already known</source>
        <translation>
            <numerusform>%1：已接管 %n 个作业和 %2 个上传，%3 个已知</numerusform>
        </translation>
    </message>
    <message>
        <source>from tracking files read earlier: %1</source>
        <translation>来自先前读取的跟踪文件：%1</translation>
    </message>
</context>
<context>
    <name>bb::Importer</name>
    <message>
        <source>hidden file</source>
        <translation>隐藏文件</translation>
    </message>
    <message>
        <source>not a .jsonl file</source>
        <translation>不是 .jsonl 文件</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>folder (not scanned without recursive)</source>
        <translation>文件夹（非递归模式下不扫描）</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>没有此文件或文件夹</translation>
    </message>
    <message>
        <source>batch %1 has two different %2 names (%3 and %4); keeping %3</source>
        <translation>批次 %1 有两个不同的 %2 名称（%3 和 %4）；保留 %3</translation>
    </message>
    <message>
        <source>more than %1 pending batches; the rest is ignored</source>
        <translation>超过 %1 个待处理批次；其余的将被忽略</translation>
    </message>
    <message>
        <source>table row without a header row</source>
        <translation>表格行没有表头行</translation>
    </message>
    <message>
        <source>row has no batch number</source>
        <translation>行中没有批次编号</translation>
    </message>
    <message>
        <source>row names neither a batch job nor a file</source>
        <translation>行中既没有批处理作业也没有文件</translation>
    </message>
    <message>
        <source>not JSON: %1</source>
        <translation>不是 JSON：%1</translation>
    </message>
    <message>
        <source>expected a JSON object at the top level</source>
        <translation>顶层应为 JSON 对象</translation>
    </message>
    <message>
        <source>%1: unrecognised item</source>
        <translation>%1：无法识别的条目</translation>
    </message>
    <message>
        <source>%1: item has no batch number</source>
        <translation>%1：条目没有批次编号</translation>
    </message>
    <message>
        <source>%1: batch %2 names neither a job nor a file</source>
        <translation>%1：批次 %2 既没有作业也没有文件</translation>
    </message>
    <message>
        <source>duplicate key %1 (first seen at line %2)</source>
        <translation>重复的键 %1（首次出现在第 %2 行）</translation>
    </message>
    <message>
        <source>no requests (only blank lines)</source>
        <translation>没有请求（只有空行）</translation>
    </message>
    <message>
        <source>line too long (%1 bytes, limit %2)</source>
        <translation>行过长（%1 字节，上限 %2）</translation>
    </message>
    <message>
        <source>blank line</source>
        <translation>空行</translation>
    </message>
    <message>
        <source>%1 blank lines (%2-%3)</source>
        <translation>%1 个空行 (%2-%3)</translation>
    </message>
    <message>
        <source>is a folder</source>
        <translation>是文件夹</translation>
    </message>
    <message>
        <source>file is %1 bytes, over the limit of %2 bytes</source>
        <translation>文件大小为 %1 字节，超过 %2 字节的上限</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <source>file changed while being read (%1 bytes when opened, %2 read)</source>
        <translation>读取时文件发生了更改（打开时 %1 字节，已读取 %2）</translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation>无效的 UTF-8</translation>
    </message>
    <message>
        <source>%1 (found %2)</source>
        <translation>%1（发现：%2）</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>不是 JSON 对象</translation>
    </message>
    <message>
        <source>&quot;key&quot; is not a string</source>
        <translation>&quot;key&quot; 不是字符串</translation>
    </message>
    <message>
        <source>empty &quot;key&quot;</source>
        <translation>&quot;key&quot; 为空</translation>
    </message>
    <message>
        <source>missing &quot;request&quot;</source>
        <translation>缺少 &quot;request&quot;</translation>
    </message>
    <message>
        <source>&quot;request&quot; is not an object</source>
        <translation>&quot;request&quot; 不是对象</translation>
    </message>
    <message>
        <source>the summary says %1 batches were created, but the tables list %2 jobs; the rows are used</source>
        <translation>摘要称已创建 %1 个批次，但表格列出了 %2 个作业；以表格行为准</translation>
    </message>
    <message>
        <source>the summary says %1 batches were uploaded, but the tables list %2 uploads without a job; the rows are used</source>
        <translation>摘要称已上传 %1 个批次，但表格列出了 %2 个没有作业的上传；以表格行为准</translation>
    </message>
    <message>
        <source>%1: says %2 batches, but %3-%4 is %5; the range is used</source>
        <translation>%1：称有 %2 个批次，但 %3-%4 是 %5 个；以范围为准</translation>
    </message>
</context>
<context>
    <name>bb::LimitChart</name>
    <message>
        <source>Used</source>
        <translation>已用</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>上限</translation>
    </message>
</context>
<context>
    <name>bb::MainWindow</name>
    <message>
        <source>Batchboard</source>
        <translation>Batchboard</translation>
    </message>
    <message>
        <source>Search batches, files, jobs, errors  (Ctrl+F)</source>
        <translation>搜索批次、文件、作业、错误  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search batches</source>
        <translation>搜索批次</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Checking the files…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Import hand-over &amp;report…</source>
        <translation>导入交接报告(&amp;R)…</translation>
    </message>
    <message>
        <source>Adopt the jobs and uploads listed in a markdown submission report or JSON progress file</source>
        <translation>接管 Markdown 提交报告或 JSON 进度文件中列出的作业和上传</translation>
    </message>
    <message>
        <source>&amp;Open or create project…</source>
        <translation>打开或创建项目(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Batch</source>
        <translation>批次(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Batchboard</source>
        <translation>关于 Batchboard(&amp;A)</translation>
    </message>
    <message>
        <source>About Batchboard</source>
        <translation>关于 Batchboard</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Batchboard %1&lt;/h3&gt;&lt;p&gt;Takes a folder of Gemini Batch API JSONL files to every result downloaded, through quota errors, expiring uploads and restarts.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Batchboard %1&lt;/h3&gt;&lt;p&gt;将一个包含 Gemini Batch API JSONL 文件的文件夹一路推进到所有结果下载完毕，无论遇到配额错误、上传过期还是重启。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Run state</source>
        <translation>运行状态</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>导入进度</translation>
    </message>
    <message>
        <source>Stopped: %1 — fix the cause, then press Resume</source>
        <translation>已停止：%1 — 请解决原因，然后按“继续”</translation>
    </message>
    <message>
        <source>Batchboard — Sandbox</source>
        <translation>Batchboard — 沙盒</translation>
    </message>
    <message>
        <source>Batchboard — %1</source>
        <translation>Batchboard — %1</translation>
    </message>
    <message>
        <source>Sandbox emulator</source>
        <translation>沙盒模拟器</translation>
    </message>
    <message>
        <source>Gemini API: %1</source>
        <translation>Gemini API：%1</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>Open a project to start</source>
        <translation>打开一个项目以开始</translation>
    </message>
    <message>
        <source>Drop to add these files to the project</source>
        <translation>松开以将这些文件添加到项目</translation>
    </message>
    <message>
        <source>An import is still running; drop again when it is done</source>
        <translation>导入仍在进行中；完成后请重新拖放</translation>
    </message>
    <message>
        <source>Add a folder of batch files</source>
        <translation>添加包含批次文件的文件夹</translation>
    </message>
    <message>
        <source>An import is still running; try again when it is done</source>
        <translation>导入仍在进行中；完成后请重试</translation>
    </message>
    <message>
        <source>Import a hand-over report</source>
        <translation>导入交接报告</translation>
    </message>
    <message>
        <source>Hand-over reports (*.md *.markdown *.json);;All files (*)</source>
        <translation>交接报告 (*.md *.markdown *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Exporting results…</source>
        <translation>正在导出结果…</translation>
    </message>
    <message>
        <source>Open or create a project</source>
        <translation>打开或创建项目</translation>
    </message>
    <message>
        <source>Batchboard projects (*.batchboard);;All files (*)</source>
        <translation>Batchboard 项目 (*.batchboard);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>bb::Naming</name>
    <message>
        <source>Batch numbers are read from the file names: the number in the name, or the last one when there are several (batch_011_proper.jsonl is batch 11).</source>
        <translation>批次编号从文件名中读取：取名称中的数字，有多个时取最后一个（batch_011_proper.jsonl 是批次 11）。</translation>
    </message>
</context>
<context>
    <name>bb::ProblemListDialog</name>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>&amp;Copy list</source>
        <translation>复制列表(&amp;C)</translation>
    </message>
</context>
<context>
    <name>bb::ProgressChart</name>
    <message>
        <source>Progress over time</source>
        <translation>进度趋势</translation>
    </message>
    <message>
        <source>Estimated end</source>
        <translation>预计结束</translation>
    </message>
    <message>
        <source>Batches by state over time</source>
        <translation>按状态统计的批次趋势</translation>
    </message>
    <message>
        <source>Batches by state — estimated end %1 (in under a minute)</source>
        <translation>按状态统计的批次 — 预计 %1 结束（不到一分钟）</translation>
    </message>
    <message numerus="yes">
        <source>Batches by state — estimated end %1 (in %n min)</source>
        <translation>
            <numerusform>按状态统计的批次 — 预计 %1 结束（%n 分钟后）</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches by state — all done</source>
        <translation>按状态统计的批次 — 全部完成</translation>
    </message>
</context>
<context>
    <name>bb::ProxyLoginDialog</name>
    <message>
        <source>&amp;Remember the password in the system keychain</source>
        <translation>在系统密钥环中记住密码(&amp;R)</translation>
    </message>
    <message>
        <source>Proxy sign-in</source>
        <translation>代理登录</translation>
    </message>
    <message>
        <source>The proxy at &lt;b&gt;%1&lt;/b&gt; refused the user name and password. Enter them again; the run goes on once the proxy accepts them.</source>
        <translation>代理 &lt;b&gt;%1&lt;/b&gt; 拒绝了用户名和密码。请重新输入；代理接受后运行将继续。</translation>
    </message>
    <message>
        <source>The proxy at &lt;b&gt;%1&lt;/b&gt; asks for a user name and password before any request reaches the Gemini API. The run goes on once the proxy accepts them.</source>
        <translation>代理 &lt;b&gt;%1&lt;/b&gt; 要求在任何请求到达 Gemini API 之前提供用户名和密码。代理接受后运行将继续。</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>代理用户名</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>代理密码</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Sign in and resume</source>
        <translation>登录并继续(&amp;S)</translation>
    </message>
</context>
<context>
    <name>bb::ProxyLoginPrompt</name>
    <message>
        <source>The proxy password for %1 was not saved in the keychain (%2); it is used until Batchboard quits.</source>
        <translation>%1 的代理密码未保存到密钥环（%2）；在 Batchboard 退出前一直使用。</translation>
    </message>
</context>
<context>
    <name>bb::QtChartsPanel</name>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Active jobs: %1 of %2 allowed (%3%)</source>
        <translation>活动作业：%1 / 允许 %2 (%3%)</translation>
    </message>
    <message>
        <source>File storage: %1 of %2 (%3%)</source>
        <translation>文件存储：%1 / %2 (%3%)</translation>
    </message>
    <message>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <source>Enqueued tokens: %1 of %2 (%3%)</source>
        <translation>排队令牌：%1 / %2 (%3%)</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 M</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <source>Next retry</source>
        <translation>下次重试</translation>
    </message>
    <message>
        <source>Time left until the next retry</source>
        <translation>距下次重试的剩余时间</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>配额</translation>
    </message>
    <message>
        <source>No batch is waiting for quota.</source>
        <translation>没有批次在等待配额。</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) waiting for %1: the next one starts as soon as a running job finishes</source>
        <translation>
            <numerusform>%n 个批次正在等待%1：一旦有运行中的作业完成，下一个就会开始</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Next try in %1 (at %2): %n batch(es) waiting for %3</source>
        <translation>
            <numerusform>%1 后（%2）再次尝试：%n 个批次正在等待%3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying again now: %n batch(es) waiting for %1</source>
        <translation>
            <numerusform>正在重试：%n 个批次正在等待%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Server refused at %1</source>
        <translation>服务器在 %1 时拒绝</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
</context>
<context>
    <name>bb::QuotaTimelineChart</name>
    <message>
        <source>Job creation attempts and quota refusals over time</source>
        <translation>作业创建尝试和配额拒绝趋势</translation>
    </message>
    <message>
        <source>Job creation</source>
        <translation>作业创建</translation>
    </message>
    <message numerus="yes">
        <source>Create attempts per %n s</source>
        <translation>
            <numerusform>每 %n 秒的创建尝试</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refused (429) per %n s</source>
        <translation>
            <numerusform>每 %n 秒被拒绝 (429)</numerusform>
        </translation>
    </message>
    <message>
        <source>Job creation: %1 attempts, %2 refused (429)</source>
        <translation>作业创建：%1 次尝试，%2 次被拒绝 (429)</translation>
    </message>
</context>
<context>
    <name>bb::SandboxBanner</name>
    <message>
        <source>Create &amp;sample batches</source>
        <translation>创建示例批次(&amp;S)</translation>
    </message>
    <message>
        <source>Use my &amp;API key…</source>
        <translation>使用我的 API 密钥(&amp;A)…</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Sample batches written</source>
        <translation>已写入示例批次</translation>
    </message>
    <message>
        <source>Write 194 files × 100 requests into a folder and add them, like a real run</source>
        <translation>将 194 个文件 × 100 个请求写入一个文件夹并添加，如同真实运行</translation>
    </message>
    <message>
        <source>Enter a Gemini API key in Settings to switch to the real API</source>
        <translation>在设置中输入 Gemini API 密钥以切换到真实 API</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt; — no API key is set, so Batchboard runs everything against its built-in Gemini emulator (%1), nothing costs money. Its clock runs %2× faster and it refuses jobs beyond %3 at a time, like a quota wall; times shown are emulator time.</source>
        <translation>&lt;b&gt;沙盒模式&lt;/b&gt; — 未设置 API 密钥，因此 Batchboard 会在其内置的 Gemini 模拟器 (%1) 上运行所有内容，不产生任何费用。其时钟快 %2 倍，并会像配额墙一样拒绝同时超过 %3 个的作业；显示的时间为模拟器时间。</translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation>%v / %m 个文件</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt; — %n sample batch(es) added. Press &lt;b&gt;Resume&lt;/b&gt; to upload them, create jobs until the emulator&apos;s quota wall, wait, and download every result.</source>
        <translation>
            <numerusform>&lt;b&gt;沙盒模式&lt;/b&gt; — 已添加 %n 个示例批次。按&lt;b&gt;继续&lt;/b&gt;即可上传它们、创建作业直至模拟器的配额墙、等待并下载每个结果。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::SettingsDialog</name>
    <message>
        <source>Batchboard Settings</source>
        <translation>Batchboard 设置</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Work</source>
        <translation>工作(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Desktop</source>
        <translation>桌面(&amp;D)</translation>
    </message>
    <message>
        <source>Run batches against</source>
        <translation>批次运行目标</translation>
    </message>
    <message>
        <source>The &amp;Gemini API, with my API key (billed by Google)</source>
        <translation>&amp;Gemini API，使用我的 API 密钥（由 Google 计费）</translation>
    </message>
    <message>
        <source>The built-in &amp;Sandbox emulator (free; nothing leaves this computer)</source>
        <translation>内置&amp;沙盒模拟器（免费；不会有任何数据离开此计算机）</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Paste the key from Google AI Studio</source>
        <translation>粘贴来自 Google AI Studio 的密钥</translation>
    </message>
    <message>
        <source>Show the key</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>连接测试结果</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>基础 URL(&amp;B)：</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <translation>等级 %1</translation>
    </message>
    <message>
        <source>Billing tier</source>
        <translation>计费等级</translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation>等级(&amp;T)：</translation>
    </message>
    <message>
        <source>Tier 1</source>
        <translation>等级 1</translation>
    </message>
    <message>
        <source>Tier 2</source>
        <translation>等级 2</translation>
    </message>
    <message>
        <source>Tier 3</source>
        <translation>等级 3</translation>
    </message>
    <message>
        <source>Enqueued token limits per model and tier</source>
        <translation>按模型和等级的排队令牌限制</translation>
    </message>
    <message>
        <source>Restore published limits</source>
        <translation>恢复公布的限制</translation>
    </message>
    <message>
        <source>Token limits:</source>
        <translation>令牌限制：</translation>
    </message>
    <message>
        <source>Concurrent batch jobs</source>
        <translation>并发批处理作业</translation>
    </message>
    <message>
        <source>&amp;Concurrent jobs:</source>
        <translation>并发作业(&amp;C)：</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>File storage limit</source>
        <translation>文件存储限制</translation>
    </message>
    <message>
        <source>File &amp;storage:</source>
        <translation>文件存储(&amp;S)：</translation>
    </message>
    <message>
        <source>Parallel uploads</source>
        <translation>并行上传</translation>
    </message>
    <message>
        <source>Parallel &amp;uploads:</source>
        <translation>并行上传(&amp;U)：</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Expiry safety margin</source>
        <translation>过期安全余量</translation>
    </message>
    <message>
        <source>Uploaded files expire after 48 hours. A file with less time left than this is uploaded again before a job is created from it.</source>
        <translation>上传的文件在 48 小时后过期。剩余时间少于此值的文件会在据其创建作业之前重新上传。</translation>
    </message>
    <message>
        <source>&amp;Expiry safety margin:</source>
        <translation>过期安全余量(&amp;E)：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Polling interval</source>
        <translation>轮询间隔</translation>
    </message>
    <message>
        <source>How often job states are checked while they change; Batchboard slows down by itself when nothing moves.</source>
        <translation>作业状态变化期间的检查频率；没有变化时 Batchboard 会自动放慢。</translation>
    </message>
    <message>
        <source>&amp;Polling interval:</source>
        <translation>轮询间隔(&amp;P)：</translation>
    </message>
    <message>
        <source>Notify me when</source>
        <translation>在以下情况通知我</translation>
    </message>
    <message>
        <source>all batches are &amp;done</source>
        <translation>所有批次都已完成(&amp;D)</translation>
    </message>
    <message>
        <source>batches &amp;need attention (failed, cancelled, expired)</source>
        <translation>批次需要处理（失败、已取消、已过期）(&amp;N)</translation>
    </message>
    <message>
        <source>the &amp;daily quota is reached</source>
        <translation>达到每日配额(&amp;D)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language takes effect when Batchboard starts again.</source>
        <translation>新语言将在 Batchboard 下次启动时生效。</translation>
    </message>
    <message>
        <source>Reading the system keychain…</source>
        <translation>正在读取系统钥匙串…</translation>
    </message>
    <message>
        <source>Stored in the system keychain for %1.</source>
        <translation>已存储在 %1 的系统钥匙串中。</translation>
    </message>
    <message>
        <source>No key stored for %1. Without a key Batchboard runs in Sandbox mode.</source>
        <translation>没有为 %1 存储密钥。没有密钥时 Batchboard 将以沙盒模式运行。</translation>
    </message>
    <message>
        <source>No system keychain is available (%1). Batchboard never writes the key to a file, so it cannot be saved here.</source>
        <translation>没有可用的系统钥匙串 (%1)。Batchboard 从不将密钥写入文件，因此无法在此保存。</translation>
    </message>
    <message>
        <source>The keychain refused access (%1). Unlock it and open Settings again.</source>
        <translation>钥匙串拒绝访问 (%1)。请解锁后重新打开设置。</translation>
    </message>
    <message>
        <source>The keychain could not be read: %1</source>
        <translation>无法读取钥匙串：%1</translation>
    </message>
    <message>
        <source>Changed from the published %1 million</source>
        <translation>已从公布的 %1 百万更改</translation>
    </message>
    <message>
        <source>Saving the key in the system keychain…</source>
        <translation>正在将密钥保存到系统钥匙串…</translation>
    </message>
    <message>
        <source>The key was NOT saved: %1. Batchboard never stores it anywhere but the system keychain; clear the field to continue without it.</source>
        <translation>密钥未保存：%1。Batchboard 只将密钥存储在系统钥匙串中；清空该字段即可在没有密钥的情况下继续。</translation>
    </message>
    <message>
        <source>the keychain refused it</source>
        <translation>钥匙串拒绝了它</translation>
    </message>
    <message>
        <source>Co&amp;st</source>
        <translation>费用(&amp;S)</translation>
    </message>
    <message>
        <source>Open a project to choose its model.</source>
        <translation>打开项目后才能选择其模型。</translation>
    </message>
    <message>
        <source>Millions of enqueued tokens allowed per model at a time, as Google published them on %1 (the service does not report them). Google changes these; if the server refuses jobs earlier, Batchboard learns the real limit by itself.</source>
        <translation>每个模型同时允许排队的令牌数（百万），依据 Google 于 %1 公布的数值（服务本身不提供）。Google 会调整这些值；如果服务器更早拒绝作业，Batchboard 会自行学习实际上限。</translation>
    </message>
    <message>
        <source>the newest stable Flash model the key offers</source>
        <translation>该密钥提供的最新稳定版 Flash 模型</translation>
    </message>
    <message>
        <source>The key&apos;s models are listed when the project runs; until then any model id may be typed. Empty: Resume chooses the newest stable Flash model.</source>
        <translation>项目运行时会列出该密钥的模型；在此之前可输入任意模型 ID。留空：“继续”会选择最新的稳定版 Flash 模型。</translation>
    </message>
    <message>
        <source>%1 (not offered to this key)</source>
        <translation>%1（此密钥不提供）</translation>
    </message>
    <message>
        <source>The models this key offers for batch jobs, as the service lists them.</source>
        <translation>此密钥可用于批处理作业的模型，以服务列出的为准。</translation>
    </message>
    <message>
        <source>Change only for a gateway in front of the API. Plain http is refused except to this computer. The key is stored per server host.</source>
        <translation>仅在 API 前有网关时更改。除本机外，拒绝未加密的 http。密钥按服务器主机保存。</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Use the s&amp;ystem&apos;s proxy settings</source>
        <translation>使用系统的代理设置(&amp;Y)</translation>
    </message>
    <message>
        <source>The https_proxy, http_proxy, all_proxy and no_proxy environment variables, else the desktop&apos;s network settings</source>
        <translation>环境变量 https_proxy、http_proxy、all_proxy 和 no_proxy，否则使用桌面的网络设置</translation>
    </message>
    <message>
        <source>No pro&amp;xy: connect directly</source>
        <translation>不使用代理：直接连接(&amp;X)</translation>
    </message>
    <message>
        <source>Use this &amp;proxy:</source>
        <translation>使用此代理(&amp;P)：</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>SOCKS5</source>
        <translation>SOCKS5</translation>
    </message>
    <message>
        <source>Proxy type</source>
        <translation>代理类型</translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation>代理主机</translation>
    </message>
    <message>
        <source>proxy.example.com</source>
        <translation>proxy.example.com</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>代理端口</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>代理用户名</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>代理密码</translation>
    </message>
    <message>
        <source>This computer (the Sandbox, a local emulator) is always reached directly. The proxy password is kept in the system keychain.</source>
        <translation>本机（沙盒、本地模拟器）始终直接连接。代理密码保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>Enter the proxy&apos;s host name, or choose another option.</source>
        <translation>请输入代理的主机名，或选择其他选项。</translation>
    </message>
    <message>
        <source>The proxy password was NOT saved: %1. Batchboard keeps it only in the system keychain; clear the field to continue without it.</source>
        <translation>代理密码未保存：%1。Batchboard 只把它保存在系统密钥环中；清空该字段即可不带密码继续。</translation>
    </message>
</context>
<context>
    <name>bb::TrayController</name>
    <message>
        <source>Show or hide Batchboard</source>
        <translation>显示或隐藏 Batchboard</translation>
    </message>
    <message>
        <source>Batchboard — no project open</source>
        <translation>Batchboard — 未打开项目</translation>
    </message>
    <message>
        <source>Batchboard — %1
%2</source>
        <translation>Batchboard — %1
%2</translation>
    </message>
    <message>
        <source>All batches are done</source>
        <translation>所有批次均已完成</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) finished and their results are downloaded.</source>
        <translation>
            <numerusform>%n 个批次已完成，其结果已下载。</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches need attention</source>
        <translation>有批次需要处理</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) failed, were cancelled or expired, or need you to act.</source>
        <translation>
            <numerusform>%n 个批次失败、被取消或已过期，或需要您采取操作。</numerusform>
        </translation>
    </message>
    <message>
        <source>Daily quota reached</source>
        <translation>已达到每日配额</translation>
    </message>
    <message>
        <source>No more jobs can be created today. Batchboard tries again at %1.</source>
        <translation>今天无法再创建作业。Batchboard 将于 %1 重试。</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>%1 needs a value</source>
        <translation>%1 需要一个值</translation>
    </message>
    <message>
        <source>unknown option %1</source>
        <translation>未知选项 %1</translation>
    </message>
    <message>
        <source>no command given</source>
        <translation>未指定命令</translation>
    </message>
    <message>
        <source>unknown command %1</source>
        <translation>未知命令 %1</translation>
    </message>
    <message>
        <source>run `batchboard-cli --help` for usage</source>
        <translation>运行 `batchboard-cli --help` 查看用法</translation>
    </message>
    <message>
        <source>%1 is open for writing in another program: %2. Close it there, or use a command that only reads (status, export).</source>
        <translation>%1 已在另一个程序中以写入方式打开：%2。请在那里关闭它，或使用只读命令（status、export）。</translation>
    </message>
    <message>
        <source>%1 was written by a newer Batchboard (schema %2); update Batchboard to open it. The file was not changed.</source>
        <translation>%1 由较新版本的 Batchboard 写入（架构 %2）；请更新 Batchboard 以打开它。文件未被更改。</translation>
    </message>
    <message>
        <source>%1 is not a Batchboard project (%2). The file was not changed.</source>
        <translation>%1 不是 Batchboard 项目 (%2)。文件未被更改。</translation>
    </message>
    <message>
        <source>%1 is damaged (%2).</source>
        <translation>%1 已损坏 (%2)。</translation>
    </message>
    <message>
        <source>cannot use %1: %2</source>
        <translation>无法使用 %1：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: skipped (%2)</source>
        <translation>%1：已跳过 (%2)</translation>
    </message>
    <message>
        <source>%1 other files skipped (not .jsonl)</source>
        <translation>另有 %1 个文件已跳过（不是 .jsonl）</translation>
    </message>
    <message>
        <source>no .jsonl files found in %1</source>
        <translation>在 %1 中未找到 .jsonl 文件</translation>
    </message>
    <message>
        <source>%1: %2 more problems not shown</source>
        <translation>%1：另有 %2 个问题未显示</translation>
    </message>
    <message>
        <source>validate needs at least one file or folder</source>
        <translation>validate 需要至少一个文件或文件夹</translation>
    </message>
    <message>
        <source>%1 files, %2 requests, %3 bytes, %4 invalid
</source>
        <translation>%1 个文件，%2 个请求，%3 字节，%4 个无效
</translation>
    </message>
    <message>
        <source>import needs at least one file or folder</source>
        <translation>import 需要至少一个文件或文件夹</translation>
    </message>
    <message>
        <source>%1 added, %2 unchanged, %3 updated, %4 rejected
</source>
        <translation>%1 个已添加，%2 个未更改，%3 个已更新，%4 个被拒绝
</translation>
    </message>
    <message>
        <source>import-report needs exactly one report file</source>
        <translation>import-report 需要且仅需要一个报告文件</translation>
    </message>
    <message>
        <source>%1 is too large to be a hand-over report</source>
        <translation>%1 太大，不可能是交接报告</translation>
    </message>
    <message>
        <source>%1 jobs and %2 uploaded files adopted, %3 already known, %4 pending batches listed; Resume verifies them with the server
</source>
        <translation>已接管 %1 个作业和 %2 个已上传文件，%3 个已知，列出 %4 个待处理批次；resume 会向服务器核实它们
</translation>
    </message>
    <message>
        <source>export needs --out FILE</source>
        <translation>export 需要 --out FILE</translation>
    </message>
    <message>
        <source>export failed, %1 was not written: %2</source>
        <translation>导出失败，未写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 lines written to %2: %3 succeeded, %4 failed, %5 blocked, %6 without a result
</source>
        <translation>已将 %1 行写入 %2：%3 个成功，%4 个失败，%5 个被阻止，%6 个无结果
</translation>
    </message>
    <message>
        <source>--spend-cap needs an amount in USD or &quot;none&quot;, not %1</source>
        <translation>--spend-cap 需要一个美元金额或 &quot;none&quot;，而不是 %1</translation>
    </message>
    <message>
        <source>refusing base URL %1: %2</source>
        <translation>拒绝基础 URL %1：%2</translation>
    </message>
    <message>
        <source>no API key: set GEMINI_API_KEY or store one with the desktop app&apos;s Settings</source>
        <translation>没有 API 密钥：请设置 GEMINI_API_KEY，或在桌面应用的设置中保存一个密钥</translation>
    </message>
    <message>
        <source>no API key: the keychain could not be read (%1); set GEMINI_API_KEY instead</source>
        <translation>没有 API 密钥：无法读取钥匙串 (%1)；请改为设置 GEMINI_API_KEY</translation>
    </message>
    <message>
        <source>%1/%2 downloaded, %3 active jobs</source>
        <translation>已下载 %1/%2，%3 个活动作业</translation>
    </message>
    <message>
        <source>, %1 waiting for quota</source>
        <translation>，%1 个等待配额</translation>
    </message>
    <message>
        <source>, creates blocked (%1) until %2</source>
        <translation>，创建被阻止 (%1) 直到 %2</translation>
    </message>
    <message>
        <source>, %1 need attention</source>
        <translation>，%1 个需要处理</translation>
    </message>
    <message>
        <source>, %1 waiting: spend cap</source>
        <translation>，%1 个等待中：支出上限</translation>
    </message>
    <message>
        <source>%1 batches need attention (see `status`)</source>
        <translation>%1 个批次需要处理（参见 `status`）</translation>
    </message>
    <message>
        <source>blocked by the spend cap: %1 batches wait; raise it with resume --spend-cap USD
</source>
        <translation>被支出上限阻止：%1 个批次在等待；请用 resume --spend-cap USD 提高上限
</translation>
    </message>
    <message>
        <source>blocked until %1 (%2)
</source>
        <translation>被阻止直到 %1 (%2)
</translation>
    </message>
    <message>
        <source>deleting %1 remote files no longer needed
</source>
        <translation>正在删除 %1 个不再需要的远程文件
</translation>
    </message>
    <message>
        <source>interrupted; run resume again to continue</source>
        <translation>已中断；再次运行 resume 以继续</translation>
    </message>
    <message>
        <source>%1: no batch, job or uploaded file found in this report; nothing was adopted</source>
        <translation>%1：此报告中未找到任何批次、作业或已上传的文件；未接管任何内容</translation>
    </message>
    <message>
        <source>tracking files read earlier</source>
        <translation>先前读取的跟踪文件</translation>
    </message>
    <message>
        <source>tracking files read earlier: %1
</source>
        <translation>先前读取的跟踪文件：%1
</translation>
    </message>
    <message>
        <source>%1: lists %2 local files and nothing on the server; nothing to adopt
</source>
        <translation>%1：列出了 %2 个本地文件，但没有服务器上的内容；没有可接管的内容
</translation>
    </message>
    <message>
        <source>--canary-minutes needs a number of minutes, not %1</source>
        <translation>--canary-minutes 需要分钟数，而不是 %1</translation>
    </message>
    <message>
        <source>paused: %1
look at the results; run resume --continue-anyway to create the remaining jobs</source>
        <translation>已暂停：%1
请查看结果；运行 resume --continue-anyway 以创建其余作业</translation>
    </message>
    <message>
        <source>could not list the key&apos;s models (%1); using %2 unchecked</source>
        <translation>无法列出该密钥的模型（%1）；将不经检查使用 %2</translation>
    </message>
    <message>
        <source>--model %1: this key offers no such model for batch jobs
available models: %2</source>
        <translation>--model %1：此密钥不提供该批处理模型
可用模型：%2</translation>
    </message>
    <message>
        <source>
run resume --model NAME with one of: %1</source>
        <translation>
请用以下之一运行 resume --model NAME：%1</translation>
    </message>
    <message>
        <source>Usage: batchboard-cli [options] COMMAND [ARGS...]

Takes folders of Gemini Batch API JSONL files to every result downloaded.

Commands:
  import DIR|FILE...     add JSONL files (folders are scanned for *.jsonl) to the project
  import-report FILE     adopt jobs and uploads from a markdown report or JSON progress file
  validate PATH...       check JSONL files without a project; exit 1 if anything is invalid
  status [--json]        show every batch and the totals
  resume [--until-done]  upload, create jobs, poll and download; exit 0 when every batch is
                         downloaded, 3 when blocked until a known time, 2 on a fatal error
  export --out FILE      one line per input key, in input order: its response or its error
  cancel [BATCH...]      cancel the jobs of the given batches (all when none given)
  cleanup                delete remote files that are no longer needed

Options (before or after the command):
  --project FILE         the project file (default: %1)
  --base-url URL         the API base URL (https; http only for loopback)
  --model NAME           the model for new jobs, checked against the key&apos;s models (default:
                         the newest stable Flash model the key offers, chosen on the first resume)
  --proxy URL            the proxy for every request: http://[user:password@]host:port or
                         socks5://host:port; none: connect directly; system: the
                         https_proxy/http_proxy/all_proxy/no_proxy variables, else the
                         desktop&apos;s proxy settings. Default: the desktop app&apos;s Settings ›
                         Connection, else system. Loopback hosts never use a proxy
  --spend-cap USD|none   with resume: store the project&apos;s spend cap (batch price) first;
                         no job is created whose estimate would pass it
  --canary-minutes N     with resume: the project&apos;s first job runs alone for up to N
                         minutes (default 30; 0 = off), until it comes back answered
  --continue-anyway      with resume: go on past a job whose lines mostly failed
  -h, --help             show this help
  -v, --version          show the version

The API key comes from the GEMINI_API_KEY environment variable or the system keychain.
</source>
        <translation>用法：batchboard-cli [选项] COMMAND [ARGS...]

将包含 Gemini Batch API JSONL 文件的文件夹一路推进到所有结果下载完毕。

命令：
  import DIR|FILE...     将 JSONL 文件添加到项目（扫描文件夹中的 *.jsonl）
  import-report FILE     从 Markdown 报告或 JSON 进度文件接管作业和上传
  validate PATH...       不使用项目检查 JSONL 文件；有任何无效内容时退出码为 1
  status [--json]        显示每个批次及总计
  resume [--until-done]  上传、创建作业、轮询并下载；所有批次下载完毕时退出码为 0，
                         被阻止到某个已知时间时为 3，发生致命错误时为 2
  export --out FILE      按输入顺序每个输入键一行：其响应或错误
  cancel [BATCH...]      取消指定批次的作业（未指定时取消全部）
  cleanup                删除不再需要的远程文件

选项（可在命令之前或之后）：
  --project FILE         项目文件（默认：%1）
  --base-url URL         API 基础 URL（https；http 仅限回环地址）
  --model NAME           新作业的模型，会与密钥的模型核对（默认：
                         密钥提供的最新稳定版 Flash 模型，在首次 resume 时选定）
  --proxy URL            每个请求使用的代理：http://[user:password@]host:port 或
                         socks5://host:port；none：直接连接；system：使用
                         https_proxy/http_proxy/all_proxy/no_proxy 变量，否则使用桌面的
                         代理设置。默认：桌面应用的 设置 › 连接，否则为 system。
                         回环地址从不使用代理
  --spend-cap USD|none   与 resume 一起使用：先保存项目的支出上限（批处理价格）；
                         不会创建估算超出上限的作业
  --canary-minutes N     与 resume 一起使用：项目的第一个作业最多单独运行 N 分钟
                         （默认 30；0 = 关闭），直到返回结果
  --continue-anyway      与 resume 一起使用：即使某个作业的大部分行失败也继续
  -h, --help             显示此帮助
  -v, --version          显示版本

API 密钥来自环境变量 GEMINI_API_KEY 或系统钥匙串。
</translation>
    </message>
    <message>
        <source>--proxy needs http://[user:password@]host:port, none or system: %1</source>
        <translation>--proxy 需要 http://[user:password@]host:port、none 或 system：%1</translation>
    </message>
    <message>
        <source>the proxy at %1 refused the user name and password: correct them with --proxy http://user:pass@host:port or in the desktop app&apos;s Settings</source>
        <translation>代理 %1 拒绝了用户名和密码：请用 --proxy http://user:pass@host:port 或在桌面应用的设置中更正</translation>
    </message>
    <message>
        <source>the proxy at %1 requires a user name and password: set them with --proxy http://user:pass@host:port or in the desktop app&apos;s Settings</source>
        <translation>代理 %1 需要用户名和密码：请用 --proxy http://user:pass@host:port 或在桌面应用的设置中设置</translation>
    </message>
    <message>
        <source>%1; check --proxy, the https_proxy, http_proxy, all_proxy and no_proxy variables, or the desktop app&apos;s Settings</source>
        <translation>%1；请检查 --proxy、https_proxy、http_proxy、all_proxy 和 no_proxy 变量，或桌面应用的设置</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Takes a folder of Gemini Batch API JSONL files to every result downloaded.</source>
        <translation>将一个包含 Gemini Batch API JSONL 文件的文件夹一路推进到所有结果下载完毕。</translation>
    </message>
    <message>
        <source>Run against the built-in emulator this time.</source>
        <translation>本次使用内置模拟器运行。</translation>
    </message>
    <message>
        <source>Benchmark: open the project offline (built-in emulator, nothing submitted), print the milliseconds to the first painted batch table and quit.</source>
        <translation>基准测试：离线打开项目（内置模拟器，不提交任何内容），输出到首次绘制批次表所用的毫秒数，然后退出。</translation>
    </message>
    <message>
        <source>Project file to open (created if missing).</source>
        <translation>要打开的项目文件（不存在时创建）。</translation>
    </message>
</context>
</TS>
