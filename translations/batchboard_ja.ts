<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>AppTranslator</name>
    <message>
        <source>System default</source>
        <translation>システムの既定</translation>
    </message>
</context>
<context>
    <name>BatchFilter</name>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>未アップロード</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>アップロード中</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>アップロード済み</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>まもなく期限切れ</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>Waiting for quota</source>
        <translation>クォータ待ち</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>処理待ち</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed / Cancelled / Expired jobs</source>
        <translation>失敗 / キャンセル / 期限切れのジョブ</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>要対応</translation>
    </message>
</context>
<context>
    <name>EventText</name>
    <message>
        <source>later</source>
        <translation>後で</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>デバッグ</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>情報</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Upload started (%1)</source>
        <translation>アップロード開始 (%1)</translation>
    </message>
    <message>
        <source>Upload resumed at %1 of %2</source>
        <translation>アップロードを %2 中 %1 から再開</translation>
    </message>
    <message>
        <source>Uploaded as %1, expires %2</source>
        <translation>%1 としてアップロード済み、期限 %2</translation>
    </message>
    <message>
        <source>Upload refused by a quota (429)</source>
        <translation>クォータによりアップロードが拒否されました (429)</translation>
    </message>
    <message>
        <source>Upload failed</source>
        <translation>アップロードに失敗しました</translation>
    </message>
    <message>
        <source>The server&apos;s copy does not match the local file; uploading again</source>
        <translation>サーバー上のコピーがローカルファイルと一致しません。再アップロードします</translation>
    </message>
    <message>
        <source>The local file changed or is missing; not uploaded</source>
        <translation>ローカルファイルが変更されたか見つかりません。アップロードしていません</translation>
    </message>
    <message>
        <source>Creating a job (%1 jobs active)</source>
        <translation>ジョブを作成中 (アクティブなジョブ %1 件)</translation>
    </message>
    <message>
        <source>Job %1 created</source>
        <translation>ジョブ %1 を作成しました</translation>
    </message>
    <message>
        <source>Job creation may or may not have worked; checking with the server</source>
        <translation>ジョブ作成の成否が不明です。サーバーに確認しています</translation>
    </message>
    <message>
        <source>Job creation rate-limited (429), waiting</source>
        <translation>ジョブ作成がレート制限されました (429)。待機中</translation>
    </message>
    <message>
        <source>Daily job-creation quota reached (429); next try %1</source>
        <translation>ジョブ作成の日次クォータに達しました (429)。次回の試行 %1</translation>
    </message>
    <message>
        <source>Server refused a new job at %1 active jobs (429: batch capacity); trying again %2</source>
        <translation>アクティブなジョブが %1 件の時点でサーバーが新しいジョブを拒否しました (429: バッチ容量)。再試行 %2</translation>
    </message>
    <message>
        <source>The input file is gone from the server; it will be uploaded again</source>
        <translation>入力ファイルがサーバーから消えました。再アップロードします</translation>
    </message>
    <message>
        <source>Job creation refused; retrying cannot help</source>
        <translation>ジョブ作成が拒否されました。再試行しても解決しません</translation>
    </message>
    <message>
        <source>Job cancelled on request</source>
        <translation>要求によりジョブをキャンセルしました</translation>
    </message>
    <message>
        <source>Cancelling the job failed</source>
        <translation>ジョブのキャンセルに失敗しました</translation>
    </message>
    <message>
        <source>Job %1 set aside; a new job will be created</source>
        <translation>ジョブ %1 を保留にしました。新しいジョブを作成します</translation>
    </message>
    <message>
        <source>No progress since %1; the job may be stuck</source>
        <translation>%1 以降進捗がありません。ジョブが停止している可能性があります</translation>
    </message>
    <message>
        <source>The job no longer exists on the server</source>
        <translation>ジョブはサーバー上にもう存在しません</translation>
    </message>
    <message>
        <source>Checking job states failed</source>
        <translation>ジョブ状態の確認に失敗しました</translation>
    </message>
    <message>
        <source>Downloading results from %1</source>
        <translation>%1 から結果をダウンロード中</translation>
    </message>
    <message>
        <source>Downloading results failed</source>
        <translation>結果のダウンロードに失敗しました</translation>
    </message>
    <message>
        <source>Results downloaded: %1 succeeded, %2 failed or missing</source>
        <translation>結果をダウンロードしました: 成功 %1 件、失敗または欠落 %2 件</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Remote file %1 deleted</source>
        <translation>リモートファイル %1 を削除しました</translation>
    </message>
    <message>
        <source>%1 failed or missing requests queued again as %2</source>
        <translation>失敗または欠落したリクエスト %1 件を %2 として再登録しました</translation>
    </message>
    <message>
        <source>Could not write the resubmission file</source>
        <translation>再送信ファイルを書き込めませんでした</translation>
    </message>
    <message>
        <source>Comparing with the server failed; will try again</source>
        <translation>サーバーとの照合に失敗しました。後で再試行します</translation>
    </message>
    <message>
        <source>Uploaded file %1 is gone from the server</source>
        <translation>アップロード済みファイル %1 がサーバーから消えました</translation>
    </message>
    <message>
        <source>Found this file already uploaded as %1</source>
        <translation>このファイルは %1 としてアップロード済みです</translation>
    </message>
    <message>
        <source>Found this job already on the server: %1</source>
        <translation>このジョブはすでにサーバー上にあります: %1</translation>
    </message>
    <message>
        <source>%1 jobs on the server carry this batch&apos;s name; the first one is used</source>
        <translation>サーバー上の %1 件のジョブがこのバッチ名を持っています。最初のものを使用します</translation>
    </message>
    <message>
        <source>The server never created the job; it will be created again</source>
        <translation>サーバーはジョブを作成していませんでした。再作成します</translation>
    </message>
    <message>
        <source>Added to the project (%1 requests)</source>
        <translation>プロジェクトに追加しました (リクエスト %1 件)</translation>
    </message>
    <message>
        <source>The file changed after it was uploaded; the new version was not taken</source>
        <translation>アップロード後にファイルが変更されました。新しい版は取り込んでいません</translation>
    </message>
    <message>
        <source>Adopted from a hand-over report (job %1, file %2)</source>
        <translation>引き継ぎレポートから取り込みました (ジョブ %1、ファイル %2)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Retry requested</source>
        <translation>再試行を要求しました</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>再開しました</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止しました</translation>
    </message>
    <message>
        <source>Found this file already uploaded as %1 (&quot;%2&quot;, same sha256)</source>
        <translation>このファイルは既に %1 としてアップロード済みです (&quot;%2&quot;、同じ sha256)</translation>
    </message>
    <message>
        <source>Found this job already on the server: %1 (&quot;%2&quot;)</source>
        <translation>このジョブは既にサーバーにあります: %1 (&quot;%2&quot;)</translation>
    </message>
    <message>
        <source>Its input file is gone; matched to %1 (&quot;%2&quot;) by batch number and request count</source>
        <translation>入力ファイルがありません。バッチ番号とリクエスト数で %1 (&quot;%2&quot;) に対応付けました</translation>
    </message>
    <message>
        <source>May already be submitted; held for you</source>
        <translation>既に送信済みの可能性があります。確認のため保留しました</translation>
    </message>
    <message>
        <source>Upload %1 holds other bytes than this file; it is not used</source>
        <translation>アップロード %1 はこのファイルと内容が異なるため使用しません</translation>
    </message>
    <message>
        <source>Job %1 has this batch&apos;s name but other input; left alone</source>
        <translation>ジョブ %1 はこのバッチ名ですが入力が異なるため、そのままにします</translation>
    </message>
    <message>
        <source>Adopted from %3 (job %1, file %2)</source>
        <translation>%3 から取り込み (ジョブ %1、ファイル %2)</translation>
    </message>
    <message>
        <source>Its requests have no keys: uploading a copy with keys added (%1)</source>
        <translation>リクエストにキーがないため、キーを付けたコピーをアップロードします (%1)</translation>
    </message>
    <message>
        <source>Could not write the copy with keys added</source>
        <translation>キーを付けたコピーを書き込めませんでした</translation>
    </message>
    <message>
        <source>%1 of %2 lines failed: new jobs are paused until you continue</source>
        <translation>%2 行中 %1 行が失敗しました。続行するまで新しいジョブは一時停止します</translation>
    </message>
    <message>
        <source>Continued despite the failed lines</source>
        <translation>失敗した行があっても続行しました</translation>
    </message>
</context>
<context>
    <name>ProjectSession</name>
    <message>
        <source>The project %1 is already open in another Batchboard window or in batchboard-cli (%2). Only one program may work on a project at a time: switch to that window, or close it and try again.</source>
        <translation>プロジェクト %1 は別の Batchboard ウィンドウまたは batchboard-cli で開かれています (%2)。1 つのプロジェクトを同時に扱えるのは 1 つのプログラムだけです。そのウィンドウに切り替えるか、閉じてからもう一度お試しください。</translation>
    </message>
    <message>
        <source>The project %1 was written by a newer Batchboard (schema %2). Update Batchboard to open it; the file was not changed.</source>
        <translation>プロジェクト %1 は新しいバージョンの Batchboard で書き込まれています (スキーマ %2)。開くには Batchboard を更新してください。ファイルは変更されていません。</translation>
    </message>
    <message>
        <source>%1 is not a Batchboard project (%2). The file was not changed.</source>
        <translation>%1 は Batchboard のプロジェクトではありません (%2)。ファイルは変更されていません。</translation>
    </message>
    <message>
        <source>The project %1 is damaged: %2</source>
        <translation>プロジェクト %1 は破損しています: %2</translation>
    </message>
    <message>
        <source>The project %1 cannot be used: %2</source>
        <translation>プロジェクト %1 を使用できません: %2</translation>
    </message>
    <message>
        <source>The project %1 refused a change: %2</source>
        <translation>プロジェクト %1 が変更を拒否しました: %2</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>ダウンロード中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>処理待ち</translation>
    </message>
    <message>
        <source>Uploaded, no job yet</source>
        <translation>アップロード済み、ジョブ未作成</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>アップロード中</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>未アップロード</translation>
    </message>
    <message>
        <source>Failed / cancelled / expired</source>
        <translation>失敗 / キャンセル / 期限切れ</translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message>
        <source>No batches yet — drop a folder of .jsonl files here, or use Add folder…</source>
        <translation>バッチはまだありません。.jsonl ファイルのフォルダーをここにドロップするか、「フォルダーを追加…」を使ってください</translation>
    </message>
    <message>
        <source>%1/%2 done</source>
        <translation>%1/%2 完了</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for quota</source>
        <translation>
            <numerusform>クォータ待ち %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, next try %2</source>
        <translation>%1、次回の試行 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) active</source>
        <translation>
            <numerusform>アクティブなジョブ %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 stored</source>
        <translation>%1 保存済み</translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>要対応 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) failed</source>
        <translation>
            <numerusform>失敗したリクエスト %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>the run to be resumed</source>
        <translation>実行の再開</translation>
    </message>
    <message>
        <source>an upload slot</source>
        <translation>アップロード枠</translation>
    </message>
    <message>
        <source>the rate limit</source>
        <translation>レート制限</translation>
    </message>
    <message>
        <source>the daily quota</source>
        <translation>日次クォータ</translation>
    </message>
    <message>
        <source>batch capacity</source>
        <translation>バッチ容量</translation>
    </message>
    <message>
        <source>the concurrent job limit</source>
        <translation>同時ジョブ数の上限</translation>
    </message>
    <message>
        <source>the enqueued token limit</source>
        <translation>キュー内トークン数の上限</translation>
    </message>
    <message>
        <source>file storage</source>
        <translation>ファイルストレージ</translation>
    </message>
    <message>
        <source>a fresh upload</source>
        <translation>新しいアップロード</translation>
    </message>
    <message>
        <source>the spend cap</source>
        <translation>支出上限</translation>
    </message>
    <message>
        <source>a retry after an error</source>
        <translation>エラー後の再試行</translation>
    </message>
    <message>
        <source>you (held)</source>
        <translation>あなた (保留中)</translation>
    </message>
    <message>
        <source>you</source>
        <translation>あなた</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止しました</translation>
    </message>
    <message>
        <source>All done</source>
        <translation>すべて完了</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>Checking with the server…</source>
        <translation>サーバーに確認中…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>the first job (it runs alone)</source>
        <translation>最初のジョブ (単独で実行中)</translation>
    </message>
    <message>
        <source>you (a job&apos;s lines failed)</source>
        <translation>あなた (ジョブの行が失敗)</translation>
    </message>
    <message>
        <source>you (choose another model)</source>
        <translation>あなた（別のモデルを選択）</translation>
    </message>
    <message>
        <source>you (billing)</source>
        <translation>あなた（請求）</translation>
    </message>
</context>
<context>
    <name>bb::ActivityLogView</name>
    <message>
        <source>Activity log</source>
        <translation>アクティビティログ</translation>
    </message>
    <message>
        <source>All batches</source>
        <translation>すべてのバッチ</translation>
    </message>
    <message>
        <source>Project events only</source>
        <translation>プロジェクトのイベントのみ</translation>
    </message>
    <message>
        <source>Selected batch</source>
        <translation>選択中のバッチ</translation>
    </message>
    <message>
        <source>Show events of</source>
        <translation>表示するイベント</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Information and above</source>
        <translation>情報以上</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告とエラー</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>エラーのみ</translation>
    </message>
    <message>
        <source>Minimum severity</source>
        <translation>最低重要度</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>ログを検索</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>表示(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>レベル(&amp;L):</translation>
    </message>
</context>
<context>
    <name>bb::AppController</name>
    <message>
        <source>Cannot open the project</source>
        <translation>プロジェクトを開けません</translation>
    </message>
    <message>
        <source>The base URL %1 is not allowed: %2. Change it in Settings › Connection › Advanced.</source>
        <translation>ベース URL %1 は許可されていません: %2。設定 › 接続 › 詳細 で変更してください。</translation>
    </message>
    <message>
        <source>The sample batches could not be written: %1</source>
        <translation>サンプルバッチを書き込めませんでした: %1</translation>
    </message>
    <message>
        <source>Sandbox mode is unavailable: the built-in emulator could not start (%1).</source>
        <translation>サンドボックスモードは使用できません: 内蔵エミュレーターを起動できませんでした (%1)。</translation>
    </message>
    <message>
        <source>Sandbox mode</source>
        <translation>サンドボックスモード</translation>
    </message>
    <message>
        <source>Projects are opened against the real Gemini API. Enter an API key in Settings first; Sandbox mode always works on a fresh practice project.</source>
        <translation>プロジェクトは実際の Gemini API で開かれます。先に設定で API キーを入力してください。サンドボックスモードは常に新しい練習用プロジェクトで動作します。</translation>
    </message>
</context>
<context>
    <name>bb::BatchActions</name>
    <message>
        <source>&amp;Add folder…</source>
        <translation>フォルダーを追加(&amp;A)…</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>Add a folder of .jsonl request files (or drop it on the window)</source>
        <translation>.jsonl リクエストファイルのフォルダーを追加します (ウィンドウにドロップしても可)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>再開(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Check with the server, then upload, create jobs, wait out quotas and download until done</source>
        <translation>サーバーに確認してから、アップロード、ジョブ作成、クォータ待ち、ダウンロードを完了まで行います</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>一時停止(&amp;P)</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Start nothing new; running uploads finish their chunk and everything stays resumable</source>
        <translation>新しい処理を開始しません。実行中のアップロードはチャンクを終えて停止し、すべて再開できます</translation>
    </message>
    <message>
        <source>&amp;Cancel selected</source>
        <translation>選択をキャンセル(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel the selected batches&apos; jobs on the server, or hold batches that have no job yet</source>
        <translation>選択したバッチのジョブをサーバー上でキャンセルするか、ジョブのないバッチを保留にします</translation>
    </message>
    <message>
        <source>Cancel &amp;all…</source>
        <translation>すべてキャンセル(&amp;A)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Del</source>
        <translation>Ctrl+Shift+Del</translation>
    </message>
    <message>
        <source>Cancel every running job and hold every batch not yet submitted</source>
        <translation>実行中のすべてのジョブをキャンセルし、未送信のバッチをすべて保留にします</translation>
    </message>
    <message>
        <source>&amp;Download results</source>
        <translation>結果をダウンロード(&amp;D)</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Download the results of the selected batches (or of every finished job if none is selected)</source>
        <translation>選択したバッチの結果をダウンロードします (選択がなければ完了したすべてのジョブ)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Write one JSONL with a line per request, in input order</source>
        <translation>リクエストごとに 1 行の JSONL を入力順に書き出します</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>API key, model, quota limits, notifications and language</source>
        <translation>API キー、モデル、クォータ上限、通知、言語</translation>
    </message>
    <message>
        <source>&amp;Upload now</source>
        <translation>今すぐアップロード(&amp;U)</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>Upload the selected files now, ahead of the queue</source>
        <translation>選択したファイルをキューより先に今すぐアップロードします</translation>
    </message>
    <message>
        <source>Create &amp;job now</source>
        <translation>今すぐジョブを作成(&amp;J)</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>Create the selected batches&apos; jobs now, ahead of the queue</source>
        <translation>選択したバッチのジョブをキューより先に今すぐ作成します</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>再試行(&amp;T)</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>Try failed, cancelled, expired or held batches again (a new job replaces an ended one)</source>
        <translation>失敗、キャンセル、期限切れ、保留のバッチを再試行します (終了したジョブは新しいジョブに置き換わります)</translation>
    </message>
    <message>
        <source>Re-&amp;upload</source>
        <translation>再アップロード(&amp;U)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>Replace the uploaded file with a fresh upload (for a file close to expiry)</source>
        <translation>アップロード済みファイルを新しいアップロードで置き換えます (期限切れが近いファイル向け)</translation>
    </message>
    <message>
        <source>&amp;Delete remote file</source>
        <translation>リモートファイルを削除(&amp;D)</translation>
    </message>
    <message>
        <source>Shift+Del</source>
        <translation>Shift+Del</translation>
    </message>
    <message>
        <source>Delete the uploaded input file from the server to free storage</source>
        <translation>アップロード済みの入力ファイルをサーバーから削除してストレージを空けます</translation>
    </message>
    <message>
        <source>&amp;Open results folder</source>
        <translation>結果フォルダーを開く(&amp;O)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Show the downloaded results in the file manager</source>
        <translation>ダウンロードした結果をファイルマネージャーで表示します</translation>
    </message>
    <message>
        <source>Copy job &amp;name</source>
        <translation>ジョブ名をコピー(&amp;N)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Copy the selected batches&apos; job names (batches/…)</source>
        <translation>選択したバッチのジョブ名をコピーします (batches/…)</translation>
    </message>
    <message>
        <source>Copy file U&amp;RI</source>
        <translation>ファイル URI をコピー(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+Alt+C</source>
        <translation>Ctrl+Alt+C</translation>
    </message>
    <message>
        <source>Copy the selected batches&apos; uploaded file URIs</source>
        <translation>選択したバッチのアップロード済みファイルの URI をコピーします</translation>
    </message>
    <message>
        <source>Re&amp;submit failed keys</source>
        <translation>失敗したキーを再送信(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Queue the failed and missing requests of the selected batches as new linked batches</source>
        <translation>選択したバッチの失敗・欠落したリクエストを、リンクされた新しいバッチとしてキューに入れます</translation>
    </message>
    <message>
        <source>Resumed: checking with the server, then continuing where things stopped</source>
        <translation>再開: サーバーに確認してから、止まったところから続行します</translation>
    </message>
    <message>
        <source>Paused: nothing new starts; Resume continues</source>
        <translation>一時停止中: 新しい処理は開始しません。「再開」で続行します</translation>
    </message>
    <message numerus="yes">
        <source>Cancelling or holding %n batch(es)</source>
        <translation>
            <numerusform>%n 件のバッチをキャンセルまたは保留にしています</numerusform>
        </translation>
    </message>
    <message>
        <source>No finished job is waiting for its results</source>
        <translation>結果を待っている完了済みジョブはありません</translation>
    </message>
    <message numerus="yes">
        <source>Downloading the results of %n batch(es)</source>
        <translation>
            <numerusform>%n 件のバッチの結果をダウンロードしています</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n batch(es) now</source>
        <translation>
            <numerusform>%n 件のバッチを今すぐアップロードしています</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Creating %n job(s) now</source>
        <translation>
            <numerusform>%n 件のジョブを今すぐ作成しています</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying %n batch(es) again</source>
        <translation>
            <numerusform>%n 件のバッチを再試行しています</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n file(s) again</source>
        <translation>
            <numerusform>%n 件のファイルを再アップロードしています</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n remote file(s)</source>
        <translation>
            <numerusform>%n 件のリモートファイルを削除しています</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resubmission(s) queued; Resume runs them</source>
        <translation>
            <numerusform>%n 件の再送信をキューに入れました。「再開」で実行されます</numerusform>
        </translation>
    </message>
    <message>
        <source>None of the selected batches has failed keys to resubmit</source>
        <translation>選択したバッチに再送信できる失敗キーはありません</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This does not apply to any of the selected batches</source>
        <translation>選択したバッチのいずれにも適用されません</translation>
    </message>
    <message>
        <source>%1 (%2 of the selected batches did not apply)</source>
        <translation>%1 (選択したバッチのうち %2 件には適用されませんでした)</translation>
    </message>
    <message>
        <source>Nothing to cancel</source>
        <translation>キャンセルするものはありません</translation>
    </message>
    <message>
        <source>Cancel all batches?</source>
        <translation>すべてのバッチをキャンセルしますか?</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n batch(es)? Jobs on the server are cancelled (requests they already finished are kept); batches without a job are held until you retry them.</source>
        <translation>
            <numerusform>%n 件のバッチをキャンセルしますか? サーバー上のジョブはキャンセルされます (完了済みのリクエストは保持されます)。ジョブのないバッチは再試行するまで保留になります。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>すべてキャンセル</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>実行を続ける</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n job name(s)</source>
        <translation>
            <numerusform>%n 件のジョブ名をコピーしました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n file URI(s)</source>
        <translation>
            <numerusform>%n 件のファイル URI をコピーしました</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::BatchTableModel</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1日 %2時間</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1時間 %2分</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1分</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1秒</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>upload slot</source>
        <translation>アップロード枠</translation>
    </message>
    <message>
        <source>rate limit</source>
        <translation>レート制限</translation>
    </message>
    <message>
        <source>daily quota</source>
        <translation>日次クォータ</translation>
    </message>
    <message>
        <source>batch capacity</source>
        <translation>バッチ容量</translation>
    </message>
    <message>
        <source>concurrent batch limit</source>
        <translation>同時バッチ数の上限</translation>
    </message>
    <message>
        <source>enqueued token limit</source>
        <translation>キュー内トークン数の上限</translation>
    </message>
    <message>
        <source>file storage limit</source>
        <translation>ファイルストレージの上限</translation>
    </message>
    <message>
        <source>file too close to expiry</source>
        <translation>ファイルの期限切れが近すぎます</translation>
    </message>
    <message>
        <source>spend cap</source>
        <translation>支出上限</translation>
    </message>
    <message>
        <source>retrying after an error</source>
        <translation>エラー後の再試行</translation>
    </message>
    <message>
        <source>held</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>needs your attention</source>
        <translation>対応が必要です</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>未アップロード</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>アップロード中</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>アップロード済み</translation>
    </message>
    <message>
        <source>File expired</source>
        <translation>ファイル期限切れ</translation>
    </message>
    <message>
        <source>Creating job</source>
        <translation>ジョブ作成中</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>処理待ち</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Downloading results</source>
        <translation>結果をダウンロード中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Job failed</source>
        <translation>ジョブ失敗</translation>
    </message>
    <message>
        <source>Job cancelled</source>
        <translation>ジョブキャンセル済み</translation>
    </message>
    <message>
        <source>Job expired</source>
        <translation>ジョブ期限切れ</translation>
    </message>
    <message>
        <source>The price table has no row for this model</source>
        <translation>料金表にこのモデルの行がありません</translation>
    </message>
    <message>
        <source>Estimate %1 (non-batch price %2)</source>
        <translation>見積もり %1 (非バッチ料金 %2)</translation>
    </message>
    <message>
        <source>Actual %1 (non-batch price %2)</source>
        <translation>実績 %1 (非バッチ料金 %2)</translation>
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
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>%1 / ETA %2</source>
        <translation>%1 / 残り %2</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>料金なし</translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>待機中: %1</translation>
    </message>
    <message>
        <source>Waiting: %1, next try %2</source>
        <translation>待機中: %1、次回の試行 %2</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>進捗</translation>
    </message>
    <message>
        <source>File expires in</source>
        <translation>ファイル期限まで</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>ジョブ</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <source>Elapsed / ETA</source>
        <translation>経過 / 残り</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>費用</translation>
    </message>
    <message>
        <source>the first job runs alone</source>
        <translation>最初のジョブを単独で実行中</translation>
    </message>
    <message>
        <source>paused: a job&apos;s lines failed</source>
        <translation>一時停止: ジョブの行が失敗</translation>
    </message>
    <message>
        <source>needs your attention: choose another model in Settings › Work</source>
        <translation>対応が必要です：設定 › 作業 で別のモデルを選んでください</translation>
    </message>
    <message>
        <source>stopped by billing</source>
        <translation>請求により停止</translation>
    </message>
</context>
<context>
    <name>bb::BatchTableView</name>
    <message>
        <source>Batches</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <source>One row per batch file with its state, progress and deadlines</source>
        <translation>バッチファイルごとに 1 行、状態・進捗・期限を表示します</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Reset columns</source>
        <translation>列をリセット</translation>
    </message>
</context>
<context>
    <name>bb::BreakdownChart</name>
    <message>
        <source>Batches by state</source>
        <translation>状態別のバッチ</translation>
    </message>
    <message>
        <source>No batches yet</source>
        <translation>バッチはまだありません</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 of %2 batches done</source>
        <translation>%2 件中 %1 件のバッチが完了</translation>
    </message>
</context>
<context>
    <name>bb::ConnectionTester</name>
    <message>
        <source>This base URL is not allowed: %1</source>
        <translation>このベース URL は許可されていません: %1</translation>
    </message>
    <message>
        <source>Connected: the server accepted the key.</source>
        <translation>接続しました: サーバーはキーを受け入れました。</translation>
    </message>
    <message>
        <source>The server refused the key: %1</source>
        <translation>サーバーがキーを拒否しました: %1</translation>
    </message>
    <message>
        <source>Connected, but the server is rate-limiting this key right now (429).</source>
        <translation>接続しましたが、サーバーは現在このキーをレート制限しています (429)。</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>接続できませんでした: %1</translation>
    </message>
    <message>
        <source>The proxy stopped the request: %1</source>
        <translation>プロキシがリクエストを止めました: %1</translation>
    </message>
</context>
<context>
    <name>bb::CostChart</name>
    <message>
        <source>Spend over time</source>
        <translation>支出の推移</translation>
    </message>
    <message>
        <source>Spent (batch price)</source>
        <translation>支出額 (バッチ料金)</translation>
    </message>
    <message>
        <source>Same tokens at the non-batch price</source>
        <translation>同じトークン数の非バッチ料金</translation>
    </message>
    <message>
        <source>Projected total</source>
        <translation>予測合計</translation>
    </message>
    <message>
        <source>Projected at the non-batch price</source>
        <translation>非バッチ料金での予測</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>見積もり</translation>
    </message>
    <message>
        <source>Spend cap</source>
        <translation>支出上限</translation>
    </message>
    <message>
        <source>Spend over time (USD)</source>
        <translation>支出の推移 (USD)</translation>
    </message>
</context>
<context>
    <name>bb::CostSettingsPage</name>
    <message>
        <source>Create no job that would take the projected spend past</source>
        <translation>予測支出が次の額を超えるジョブは作成しない:</translation>
    </message>
    <message>
        <source>Prices of this project (USD per 1M tokens, interactive price)</source>
        <translation>このプロジェクトの料金 (100 万トークンあたりの USD、インタラクティブ料金)</translation>
    </message>
    <message>
        <source>The Batch API charges the batch factor of these prices (0.5 = 50%); cache hits are billed like non-batch. Thinking tokens of 2.5 models are billed as output. Prompts over 200k tokens use the &gt;200k prices where a model has them.</source>
        <translation>Batch API ではこれらの料金にバッチ係数が掛かります (0.5 = 50%)。キャッシュヒットは非バッチと同様に課金されます。2.5 モデルの思考トークンは出力として課金されます。20 万トークンを超えるプロンプトには、モデルに設定がある場合 &gt;200k 料金が適用されます。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>キャッシュ</translation>
    </message>
    <message>
        <source>Input &gt;200k</source>
        <translation>入力 &gt;200k</translation>
    </message>
    <message>
        <source>Output &gt;200k</source>
        <translation>出力 &gt;200k</translation>
    </message>
    <message>
        <source>Batch factor</source>
        <translation>バッチ係数</translation>
    </message>
    <message>
        <source>Price table</source>
        <translation>料金表</translation>
    </message>
    <message>
        <source>Prices as of</source>
        <translation>料金の基準日</translation>
    </message>
    <message>
        <source>&amp;Add model</source>
        <translation>モデルを追加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove model</source>
        <translation>モデルを削除(&amp;R)</translation>
    </message>
    <message>
        <source>Restore &amp;Google&apos;s prices of %1</source>
        <translation>%1 時点の Google の料金に戻す(&amp;G)</translation>
    </message>
    <message>
        <source>Before the first results arrive</source>
        <translation>最初の結果が届くまで</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> トークン</translation>
    </message>
    <message>
        <source>Expected &amp;output per request:</source>
        <translation>リクエストあたりの想定出力(&amp;O):</translation>
    </message>
    <message>
        <source>Expected &amp;thinking per request:</source>
        <translation>リクエストあたりの想定思考(&amp;T):</translation>
    </message>
    <message>
        <source>Results replace these guesses: their usage metadata calibrates prompt tokens per byte and the output and thinking per request.</source>
        <translation>結果が届くとこれらの想定値は置き換えられます。使用量メタデータにより、バイトあたりのプロンプトトークン数とリクエストあたりの出力・思考が調整されます。</translation>
    </message>
    <message>
        <source>Spend cap</source>
        <translation>支出上限</translation>
    </message>
    <message>
        <source>Spend cap in US dollars</source>
        <translation>支出上限 (米ドル)</translation>
    </message>
    <message>
        <source>model-name</source>
        <translation>モデル名</translation>
    </message>
</context>
<context>
    <name>bb::CostStatusLabel</name>
    <message>
        <source>Cost</source>
        <translation>費用</translation>
    </message>
    <message>
        <source>Selected ≈ %1 (non-batch %2)</source>
        <translation>選択分 ≈ %1 (非バッチ %2)</translation>
    </message>
    <message>
        <source>Cost ≈ %1 (non-batch %2, saving %3)</source>
        <translation>費用 ≈ %1 (非バッチ %2、節約 %3)</translation>
    </message>
    <message>
        <source>spent %1</source>
        <translation>支出 %1</translation>
    </message>
    <message>
        <source>cap %1 — the run would pass it</source>
        <translation>上限 %1 — この実行は上限を超えます</translation>
    </message>
    <message>
        <source>cap %1</source>
        <translation>上限 %1</translation>
    </message>
    <message>
        <source>Batch API price (50% of the interactive price); prices as of %1 from %2.</source>
        <translation>Batch API 料金 (インタラクティブ料金の 50%)。%1 時点の %2 の料金です。</translation>
    </message>
    <message>
        <source>Estimate before the run: %1 (non-batch %2).</source>
        <translation>実行前の見積もり: %1 (非バッチ %2)。</translation>
    </message>
    <message>
        <source>Calibrated on %1 results: %2 tokens per prompt byte, %3 output and %4 thinking tokens per request.</source>
        <translation>%1 件の結果で調整済み: プロンプト 1 バイトあたり %2 トークン、リクエストあたり出力 %3 トークン・思考 %4 トークン。</translation>
    </message>
    <message>
        <source>No results yet: expecting %1 output and %2 thinking tokens per request (Settings → Cost).</source>
        <translation>結果はまだありません: リクエストあたり出力 %1 トークン・思考 %2 トークンを想定しています (設定 → 費用)。</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) use a model without a price.</source>
        <translation>
            <numerusform>%n 件のバッチが料金未設定のモデルを使用しています。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) held by the cap (Settings → Cost)</source>
        <translation>
            <numerusform>上限により保留中のバッチ %n 件 (設定 → 費用)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::DetailPanel</name>
    <message>
        <source>Copy job name</source>
        <translation>ジョブ名をコピー</translation>
    </message>
    <message>
        <source>Copy file URI</source>
        <translation>ファイル URI をコピー</translation>
    </message>
    <message>
        <source>Batch details</source>
        <translation>バッチの詳細</translation>
    </message>
    <message>
        <source>Selected batch</source>
        <translation>選択中のバッチ</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>バッチ:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状態:</translation>
    </message>
    <message>
        <source>Local file:</source>
        <translation>ローカルファイル:</translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation>リクエスト:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>サイズ:</translation>
    </message>
    <message>
        <source>Token estimate:</source>
        <translation>トークン見積もり:</translation>
    </message>
    <message>
        <source>SHA-256:</source>
        <translation>SHA-256:</translation>
    </message>
    <message>
        <source>Next attempt:</source>
        <translation>次回の試行:</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>試行回数:</translation>
    </message>
    <message>
        <source>State changed:</source>
        <translation>状態の変更:</translation>
    </message>
    <message>
        <source>Remote file:</source>
        <translation>リモートファイル:</translation>
    </message>
    <message>
        <source>File URI:</source>
        <translation>ファイル URI:</translation>
    </message>
    <message>
        <source>File expires:</source>
        <translation>ファイルの期限:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>モデル:</translation>
    </message>
    <message>
        <source>Job:</source>
        <translation>ジョブ:</translation>
    </message>
    <message>
        <source>Job created:</source>
        <translation>ジョブ作成:</translation>
    </message>
    <message>
        <source>Job ended:</source>
        <translation>ジョブ終了:</translation>
    </message>
    <message>
        <source>Outcomes:</source>
        <translation>結果:</translation>
    </message>
    <message>
        <source>Results file:</source>
        <translation>結果ファイル:</translation>
    </message>
    <message>
        <source>Resubmission of:</source>
        <translation>再送信元:</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最後のエラー</translation>
    </message>
    <message>
        <source>No error</source>
        <translation>エラーなし</translation>
    </message>
    <message>
        <source>Event history of the batch</source>
        <translation>バッチのイベント履歴</translation>
    </message>
    <message>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>Select a batch to see its details</source>
        <translation>バッチを選択すると詳細が表示されます</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 バイト)</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>約 %1</translation>
    </message>
    <message>
        <source>%1 (in %2)</source>
        <translation>%1 (あと %2)</translation>
    </message>
    <message>
        <source>%1 succeeded · %2 failed · %3 pending</source>
        <translation>成功 %1 · 失敗 %2 · 処理待ち %3</translation>
    </message>
</context>
<context>
    <name>bb::Engine</name>
    <message>
        <source>cannot create the results folder %1</source>
        <translation>結果フォルダー %1 を作成できません</translation>
    </message>
    <message>
        <source>the results file is no longer available on the server; resubmit the batch&apos;s keys (%1)</source>
        <translation>結果ファイルはサーバー上でもう利用できません。バッチのキーを再送信してください (%1)</translation>
    </message>
    <message>
        <source>cannot read the downloaded results %1: %2</source>
        <translation>ダウンロードした結果 %1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>the job no longer exists on the server (%1)</source>
        <translation>ジョブはサーバー上にもう存在しません (%1)</translation>
    </message>
    <message>
        <source>the batch job failed</source>
        <translation>バッチジョブが失敗しました</translation>
    </message>
    <message>
        <source>the job stayed pending or running for 48 hours and expired</source>
        <translation>ジョブが 48 時間処理待ちまたは実行中のままで、期限切れになりました</translation>
    </message>
    <message>
        <source>%1 no longer exists</source>
        <translation>%1 はもう存在しません</translation>
    </message>
    <message>
        <source>%1 changed since it was imported; import it again</source>
        <translation>%1 はインポート後に変更されました。もう一度インポートしてください</translation>
    </message>
    <message>
        <source>the uploaded bytes do not match the file (sha256 %1, expected %2)</source>
        <translation>アップロードしたバイトがファイルと一致しません (sha256 %1、期待値 %2)</translation>
    </message>
    <message numerus="yes">
        <source>lists %n local file(s) and nothing on the server; nothing to adopt</source>
        <translation>
            <numerusform>ローカルファイル %n 件だけが記載され、サーバー上のものはありません。取り込むものはありません</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>lists %n batch(es) as failed (%1); nothing to adopt for them, and the server has the final word</source>
        <translation>
            <numerusform>バッチ %n 件を失敗として記載しています (%1)。これらについて取り込むものはなく、最終的な判断はサーバーに従います</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) are not in the project yet; what the report says about them is adopted when their files are imported</source>
        <translation>
            <numerusform>バッチ %n 件はまだプロジェクトにありません。レポートの内容は、そのファイルをインポートしたときに取り込まれます</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 jobs and %2 uploaded files adopted, %3 already known</source>
        <translation>ジョブ %1 件とアップロード済みファイル %2 件を取り込みました。%3 件は既知です</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have no number in their name; they are batches without a number.</source>
        <translation>
            <numerusform>%n 件のファイルは名前に番号がありません。番号のないバッチとして扱います。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) have no &quot;key&quot;; each is named after its batch and line (batch_011_proper#line1) in the results and the export.</source>
        <translation>
            <numerusform>%n 件のリクエストに &quot;key&quot; がありません。結果とエクスポートでは、それぞれバッチと行にちなんだ名前になります (batch_011_proper#line1)。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) start with a UTF-8 byte-order mark; it is skipped.</source>
        <translation>
            <numerusform>%n 件のファイルが UTF-8 のバイトオーダーマーク (BOM) で始まっています。BOM は読み飛ばします。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have Windows (CRLF) line ends; they are read as they are.</source>
        <translation>
            <numerusform>%n 件のファイルの改行が Windows 形式 (CRLF) です。そのまま読み込みます。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) end without a final newline; their last line is read as a request.</source>
        <translation>
            <numerusform>%n 件のファイルは末尾に改行がありません。最後の行もリクエストとして読み込みます。</numerusform>
        </translation>
    </message>
    <message>
        <source>may already be submitted as %1 (its input file is gone, so this cannot be proven); check, then Retry to create a job anyway</source>
        <translation>すでに %1 として送信済みの可能性があります (入力ファイルが消えたため確認できません)。確認したうえで、それでもジョブを作成するには「再試行」を使ってください</translation>
    </message>
    <message>
        <source>cannot write the copy with keys added: %1</source>
        <translation>キーを追加したコピーを書き込めません: %1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 lines failed (%4); new jobs wait until you continue anyway</source>
        <translation>%1: %3 行中 %2 行が失敗しました (%4)。それでも続行するまで新しいジョブは待機します</translation>
    </message>
    <message>
        <source>the model %1 is not available to this key (%2); needs your attention: choose another model in Settings › Work</source>
        <translation>モデル %1 はこのキーでは使えません（%2）。対応が必要です：設定 › 作業 で別のモデルを選んでください</translation>
    </message>
    <message>
        <source>creating jobs stopped by billing (%1); waiting will not help. Fix it at %2, then press Resume. Jobs already created still finish.</source>
        <translation>請求によりジョブの作成が停止しました（%1）。待っても解決しません。%2 で対処してから「再開」を押してください。作成済みのジョブは最後まで実行されます。</translation>
    </message>
</context>
<context>
    <name>bb::EventLogModel</name>
    <message>
        <source>Project</source>
        <translation>プロジェクト</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <source>Level</source>
        <comment>severity of a log entry</comment>
        <translation>レベル</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>イベント</translation>
    </message>
</context>
<context>
    <name>bb::ExportController</name>
    <message>
        <source>Export failed, %1 was not written: %2</source>
        <translation>エクスポートに失敗しました。%1 は書き込まれていません: %2</translation>
    </message>
    <message>
        <source>Exported %1 lines to %2: %3 succeeded, %4 failed, %5 blocked, %6 without a result</source>
        <translation>%1 行を %2 にエクスポートしました: 成功 %3、失敗 %4、ブロック %5、結果なし %6</translation>
    </message>
    <message>
        <source>Spent %1 at the batch price (%2 at the non-batch price).</source>
        <translation>支出 %1 (バッチ料金)、非バッチ料金なら %2。</translation>
    </message>
</context>
<context>
    <name>bb::FailureAlarmBar</name>
    <message>
        <source>&amp;Continue anyway</source>
        <translation>それでも続行(&amp;C)</translation>
    </message>
    <message>
        <source>New jobs paused</source>
        <translation>新しいジョブは一時停止中</translation>
    </message>
    <message>
        <source>Create the remaining jobs although this one&apos;s lines failed</source>
        <translation>このジョブの行が失敗していても残りのジョブを作成します</translation>
    </message>
    <message>
        <source>New jobs paused. %1</source>
        <translation>新しいジョブは一時停止中です。%1</translation>
    </message>
    <message>
        <source>New jobs stopped: %1</source>
        <translation>新しいジョブは停止中：%1</translation>
    </message>
    <message>
        <source>Open the &amp;billing page</source>
        <translation>請求ページを開く(&amp;B)</translation>
    </message>
    <message>
        <source>Choose a &amp;model…</source>
        <translation>モデルを選択(&amp;M)…</translation>
    </message>
    <message>
        <source>Settings › Work › Model</source>
        <translation>設定 › 作業 › モデル</translation>
    </message>
</context>
<context>
    <name>bb::FilterSidebar</name>
    <message>
        <source>Batch categories</source>
        <translation>バッチのカテゴリ</translation>
    </message>
    <message>
        <source>Shows only the batches of the chosen category; the number is how many are in it</source>
        <translation>選択したカテゴリのバッチだけを表示します。数字はそのカテゴリに含まれる件数です</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n batch(es)</source>
        <extracomment>Accessible text of a sidebar category: &quot;Running, 12 batches&quot;</extracomment>
        <translation>
            <numerusform>%1、%n 件のバッチ</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::ImportController</name>
    <message>
        <source>%1: not a folder, .jsonl file or hand-over report</source>
        <translation>%1: フォルダー、.jsonl ファイル、引き継ぎレポートのいずれでもありません</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>何もインポートされませんでした</translation>
    </message>
    <message>
        <source>Import problems</source>
        <translation>インポートの問題</translation>
    </message>
    <message>
        <source>%1. These files or lines could not be used; fix them and drop them again:</source>
        <translation>%1。これらのファイルまたは行は使用できませんでした。修正してからもう一度ドロップしてください:</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>インポートをキャンセルしました</translation>
    </message>
    <message>
        <source>No .jsonl files were found there.</source>
        <translation>そこには .jsonl ファイルが見つかりませんでした。</translation>
    </message>
    <message>
        <source>%1: skipped (%2)</source>
        <translation>%1: スキップ (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n more problem(s) not shown</source>
        <translation>
            <numerusform>%1: ほかに %n 件の問題 (非表示)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added</source>
        <translation>
            <numerusform>%n 件のファイルを追加しました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n already in the project</source>
        <translation>
            <numerusform>、%n 件はプロジェクトに登録済み</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n updated</source>
        <translation>
            <numerusform>、%n 件を更新</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n not imported</source>
        <translation>
            <numerusform>、%n 件はインポートされませんでした</numerusform>
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
        <translation>%1: このレポートにはバッチジョブもアップロードも見つかりませんでした</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n job(s) and %2 upload(s) adopted, %3 already known</source>
        <translation>
            <numerusform>%1: ジョブ %n 件とアップロード %2 件を取り込みました。%3 件は既知です</numerusform>
        </translation>
    </message>
    <message>
        <source>from tracking files read earlier: %1</source>
        <translation>以前に読み込んだトラッキングファイルから: %1</translation>
    </message>
</context>
<context>
    <name>bb::Importer</name>
    <message>
        <source>hidden file</source>
        <translation>隠しファイル</translation>
    </message>
    <message>
        <source>not a .jsonl file</source>
        <translation>.jsonl ファイルではありません</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>通常のファイルではありません</translation>
    </message>
    <message>
        <source>folder (not scanned without recursive)</source>
        <translation>フォルダー (再帰なしではスキャンしません)</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>そのようなファイルまたはフォルダーはありません</translation>
    </message>
    <message>
        <source>batch %1 has two different %2 names (%3 and %4); keeping %3</source>
        <translation>バッチ %1 に異なる %2 名が 2 つあります (%3 と %4)。%3 を使用します</translation>
    </message>
    <message>
        <source>more than %1 pending batches; the rest is ignored</source>
        <translation>未処理のバッチが %1 件を超えています。残りは無視します</translation>
    </message>
    <message>
        <source>table row without a header row</source>
        <translation>ヘッダー行のない表の行</translation>
    </message>
    <message>
        <source>row has no batch number</source>
        <translation>行にバッチ番号がありません</translation>
    </message>
    <message>
        <source>row names neither a batch job nor a file</source>
        <translation>行がバッチジョブもファイルも示していません</translation>
    </message>
    <message>
        <source>not JSON: %1</source>
        <translation>JSON ではありません: %1</translation>
    </message>
    <message>
        <source>expected a JSON object at the top level</source>
        <translation>最上位に JSON オブジェクトが必要です</translation>
    </message>
    <message>
        <source>%1: unrecognised item</source>
        <translation>%1: 認識できない項目</translation>
    </message>
    <message>
        <source>%1: item has no batch number</source>
        <translation>%1: 項目にバッチ番号がありません</translation>
    </message>
    <message>
        <source>%1: batch %2 names neither a job nor a file</source>
        <translation>%1: バッチ %2 はジョブもファイルも示していません</translation>
    </message>
    <message>
        <source>duplicate key %1 (first seen at line %2)</source>
        <translation>キー %1 が重複しています (最初は %2 行目)</translation>
    </message>
    <message>
        <source>no requests (only blank lines)</source>
        <translation>リクエストがありません (空行のみ)</translation>
    </message>
    <message>
        <source>line too long (%1 bytes, limit %2)</source>
        <translation>行が長すぎます (%1 バイト、上限 %2)</translation>
    </message>
    <message>
        <source>blank line</source>
        <translation>空行</translation>
    </message>
    <message>
        <source>%1 blank lines (%2-%3)</source>
        <translation>空行 %1 行 (%2-%3)</translation>
    </message>
    <message>
        <source>is a folder</source>
        <translation>フォルダーです</translation>
    </message>
    <message>
        <source>file is %1 bytes, over the limit of %2 bytes</source>
        <translation>ファイルは %1 バイトで、上限の %2 バイトを超えています</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>空のファイル</translation>
    </message>
    <message>
        <source>file changed while being read (%1 bytes when opened, %2 read)</source>
        <translation>読み込み中にファイルが変更されました (開いた時点で %1 バイト、読み込み %2)</translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation>無効な UTF-8</translation>
    </message>
    <message>
        <source>%1 (found %2)</source>
        <translation>%1 (検出: %2)</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>メモリ不足</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>JSON オブジェクトではありません</translation>
    </message>
    <message>
        <source>&quot;key&quot; is not a string</source>
        <translation>&quot;key&quot; が文字列ではありません</translation>
    </message>
    <message>
        <source>empty &quot;key&quot;</source>
        <translation>&quot;key&quot; が空です</translation>
    </message>
    <message>
        <source>missing &quot;request&quot;</source>
        <translation>&quot;request&quot; がありません</translation>
    </message>
    <message>
        <source>&quot;request&quot; is not an object</source>
        <translation>&quot;request&quot; がオブジェクトではありません</translation>
    </message>
    <message>
        <source>the summary says %1 batches were created, but the tables list %2 jobs; the rows are used</source>
        <translation>概要では作成済みのバッチが %1 件ですが、表にはジョブが %2 件あります。表の行を使用します</translation>
    </message>
    <message>
        <source>the summary says %1 batches were uploaded, but the tables list %2 uploads without a job; the rows are used</source>
        <translation>概要ではアップロード済みのバッチが %1 件ですが、表にはジョブのないアップロードが %2 件あります。表の行を使用します</translation>
    </message>
    <message>
        <source>%1: says %2 batches, but %3-%4 is %5; the range is used</source>
        <translation>%1: バッチ %2 件とありますが、%3-%4 は %5 件です。範囲を使用します</translation>
    </message>
</context>
<context>
    <name>bb::LimitChart</name>
    <message>
        <source>Used</source>
        <translation>使用量</translation>
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
        <translation>バッチ、ファイル、ジョブ、エラーを検索  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search batches</source>
        <translation>バッチを検索</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Checking the files…</source>
        <translation>ファイルを確認中…</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>エクスポートに失敗しました</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>メインツールバー</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>Import hand-over &amp;report…</source>
        <translation>引き継ぎレポートをインポート(&amp;R)…</translation>
    </message>
    <message>
        <source>Adopt the jobs and uploads listed in a markdown submission report or JSON progress file</source>
        <translation>Markdown の送信レポートまたは JSON の進捗ファイルに記載されたジョブとアップロードを取り込みます</translation>
    </message>
    <message>
        <source>&amp;Open or create project…</source>
        <translation>プロジェクトを開く/作成(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>実行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Batch</source>
        <translation>バッチ(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>ツール(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Batchboard</source>
        <translation>Batchboard について(&amp;A)</translation>
    </message>
    <message>
        <source>About Batchboard</source>
        <translation>Batchboard について</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Batchboard %1&lt;/h3&gt;&lt;p&gt;Takes a folder of Gemini Batch API JSONL files to every result downloaded, through quota errors, expiring uploads and restarts.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Batchboard %1&lt;/h3&gt;&lt;p&gt;Gemini Batch API 用 JSONL ファイルのフォルダーを、クォータエラー、アップロードの期限切れ、再起動を乗り越えて、すべての結果のダウンロードまで進めます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>グラフ</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>アクティビティ</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Run state</source>
        <translation>実行状態</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>インポートの進捗</translation>
    </message>
    <message>
        <source>Stopped: %1 — fix the cause, then press Resume</source>
        <translation>停止: %1 — 原因を解消してから「再開」を押してください</translation>
    </message>
    <message>
        <source>Batchboard — Sandbox</source>
        <translation>Batchboard — サンドボックス</translation>
    </message>
    <message>
        <source>Batchboard — %1</source>
        <translation>Batchboard — %1</translation>
    </message>
    <message>
        <source>Sandbox emulator</source>
        <translation>サンドボックスエミュレーター</translation>
    </message>
    <message>
        <source>Gemini API: %1</source>
        <translation>Gemini API: %1</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>プロジェクトが開かれていません</translation>
    </message>
    <message>
        <source>Open a project to start</source>
        <translation>プロジェクトを開いて開始してください</translation>
    </message>
    <message>
        <source>Drop to add these files to the project</source>
        <translation>ドロップしてこれらのファイルをプロジェクトに追加</translation>
    </message>
    <message>
        <source>An import is still running; drop again when it is done</source>
        <translation>インポートがまだ実行中です。完了してからもう一度ドロップしてください</translation>
    </message>
    <message>
        <source>Add a folder of batch files</source>
        <translation>バッチファイルのフォルダーを追加</translation>
    </message>
    <message>
        <source>An import is still running; try again when it is done</source>
        <translation>インポートがまだ実行中です。完了してからもう一度お試しください</translation>
    </message>
    <message>
        <source>Import a hand-over report</source>
        <translation>引き継ぎレポートをインポート</translation>
    </message>
    <message>
        <source>Hand-over reports (*.md *.markdown *.json);;All files (*)</source>
        <translation>引き継ぎレポート (*.md *.markdown *.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>結果をエクスポート</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Exporting results…</source>
        <translation>結果をエクスポート中…</translation>
    </message>
    <message>
        <source>Open or create a project</source>
        <translation>プロジェクトを開く/作成</translation>
    </message>
    <message>
        <source>Batchboard projects (*.batchboard);;All files (*)</source>
        <translation>Batchboard プロジェクト (*.batchboard);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>bb::Naming</name>
    <message>
        <source>Batch numbers are read from the file names: the number in the name, or the last one when there are several (batch_011_proper.jsonl is batch 11).</source>
        <translation>バッチ番号はファイル名から読み取ります。名前に含まれる数字、複数ある場合は最後の数字を使います (batch_011_proper.jsonl はバッチ 11)。</translation>
    </message>
</context>
<context>
    <name>bb::ProblemListDialog</name>
    <message>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>&amp;Copy list</source>
        <translation>一覧をコピー(&amp;C)</translation>
    </message>
</context>
<context>
    <name>bb::ProgressChart</name>
    <message>
        <source>Progress over time</source>
        <translation>進捗の推移</translation>
    </message>
    <message>
        <source>Estimated end</source>
        <translation>推定終了</translation>
    </message>
    <message>
        <source>Batches by state over time</source>
        <translation>状態別バッチ数の推移</translation>
    </message>
    <message>
        <source>Batches by state — estimated end %1 (in under a minute)</source>
        <translation>状態別のバッチ — 推定終了 %1 (1 分以内)</translation>
    </message>
    <message numerus="yes">
        <source>Batches by state — estimated end %1 (in %n min)</source>
        <translation>
            <numerusform>状態別のバッチ — 推定終了 %1 (あと %n 分)</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches by state — all done</source>
        <translation>状態別のバッチ — すべて完了</translation>
    </message>
</context>
<context>
    <name>bb::ProxyLoginDialog</name>
    <message>
        <source>&amp;Remember the password in the system keychain</source>
        <translation>パスワードをシステムのキーチェーンに保存(&amp;R)</translation>
    </message>
    <message>
        <source>Proxy sign-in</source>
        <translation>プロキシへのサインイン</translation>
    </message>
    <message>
        <source>The proxy at &lt;b&gt;%1&lt;/b&gt; refused the user name and password. Enter them again; the run goes on once the proxy accepts them.</source>
        <translation>プロキシ &lt;b&gt;%1&lt;/b&gt; がユーザー名とパスワードを拒否しました。もう一度入力してください。プロキシが受け入れると実行が再開します。</translation>
    </message>
    <message>
        <source>The proxy at &lt;b&gt;%1&lt;/b&gt; asks for a user name and password before any request reaches the Gemini API. The run goes on once the proxy accepts them.</source>
        <translation>プロキシ &lt;b&gt;%1&lt;/b&gt; は、リクエストが Gemini API に届く前にユーザー名とパスワードを求めています。プロキシが受け入れると実行が再開します。</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>プロキシのユーザー名</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>プロキシのパスワード</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>ユーザー名(&amp;U):</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>パスワード(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Sign in and resume</source>
        <translation>サインインして再開(&amp;S)</translation>
    </message>
</context>
<context>
    <name>bb::ProxyLoginPrompt</name>
    <message>
        <source>The proxy password for %1 was not saved in the keychain (%2); it is used until Batchboard quits.</source>
        <translation>%1 のプロキシパスワードはキーチェーンに保存されませんでした (%2)。Batchboard を終了するまで使用されます。</translation>
    </message>
</context>
<context>
    <name>bb::QtChartsPanel</name>
    <message>
        <source>Charts</source>
        <translation>グラフ</translation>
    </message>
    <message>
        <source>Active jobs: %1 of %2 allowed (%3%)</source>
        <translation>アクティブなジョブ: 許可 %2 件中 %1 件 (%3%)</translation>
    </message>
    <message>
        <source>File storage: %1 of %2 (%3%)</source>
        <translation>ファイルストレージ: %2 中 %1 (%3%)</translation>
    </message>
    <message>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <source>Enqueued tokens: %1 of %2 (%3%)</source>
        <translation>キュー内トークン: %2 中 %1 (%3%)</translation>
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
        <translation>次回の再試行</translation>
    </message>
    <message>
        <source>Time left until the next retry</source>
        <translation>次回の再試行までの残り時間</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>進捗</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>クォータ</translation>
    </message>
    <message>
        <source>No batch is waiting for quota.</source>
        <translation>クォータ待ちのバッチはありません。</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) waiting for %1: the next one starts as soon as a running job finishes</source>
        <translation>
            <numerusform>%n 件のバッチが%1を待っています: 実行中のジョブが終わり次第、次のバッチが開始します</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Next try in %1 (at %2): %n batch(es) waiting for %3</source>
        <translation>
            <numerusform>%1 後 (%2) に再試行: %n 件のバッチが%3を待っています</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying again now: %n batch(es) waiting for %1</source>
        <translation>
            <numerusform>今すぐ再試行: %n 件のバッチが%1を待っています</numerusform>
        </translation>
    </message>
    <message>
        <source>Server refused at %1</source>
        <translation>%1 でサーバーが拒否</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>費用</translation>
    </message>
</context>
<context>
    <name>bb::QuotaTimelineChart</name>
    <message>
        <source>Job creation attempts and quota refusals over time</source>
        <translation>ジョブ作成の試行とクォータによる拒否の推移</translation>
    </message>
    <message>
        <source>Job creation</source>
        <translation>ジョブ作成</translation>
    </message>
    <message numerus="yes">
        <source>Create attempts per %n s</source>
        <translation>
            <numerusform>%n 秒あたりの作成試行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refused (429) per %n s</source>
        <translation>
            <numerusform>%n 秒あたりの拒否 (429)</numerusform>
        </translation>
    </message>
    <message>
        <source>Job creation: %1 attempts, %2 refused (429)</source>
        <translation>ジョブ作成: 試行 %1 回、拒否 %2 回 (429)</translation>
    </message>
</context>
<context>
    <name>bb::SandboxBanner</name>
    <message>
        <source>Create &amp;sample batches</source>
        <translation>サンプルバッチを作成(&amp;S)</translation>
    </message>
    <message>
        <source>Use my &amp;API key…</source>
        <translation>自分の API キーを使う(&amp;A)…</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>モード</translation>
    </message>
    <message>
        <source>Sample batches written</source>
        <translation>サンプルバッチを書き込みました</translation>
    </message>
    <message>
        <source>Write 194 files × 100 requests into a folder and add them, like a real run</source>
        <translation>194 ファイル × 100 リクエストをフォルダーに書き込み、実際の実行と同じように追加します</translation>
    </message>
    <message>
        <source>Enter a Gemini API key in Settings to switch to the real API</source>
        <translation>実際の API に切り替えるには、設定で Gemini API キーを入力してください</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt; — no API key is set, so Batchboard runs everything against its built-in Gemini emulator (%1), nothing costs money. Its clock runs %2× faster and it refuses jobs beyond %3 at a time, like a quota wall; times shown are emulator time.</source>
        <translation>&lt;b&gt;サンドボックスモード&lt;/b&gt; — API キーが設定されていないため、Batchboard はすべてを内蔵の Gemini エミュレーター (%1) で実行します。費用は一切かかりません。時計は %2 倍速で進み、同時に %3 件を超えるジョブはクォータの壁のように拒否されます。表示される時刻はエミュレーターの時刻です。</translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation>%m 件中 %v 件のファイル</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt; — %n sample batch(es) added. Press &lt;b&gt;Resume&lt;/b&gt; to upload them, create jobs until the emulator&apos;s quota wall, wait, and download every result.</source>
        <translation>
            <numerusform>&lt;b&gt;サンドボックスモード&lt;/b&gt; — サンプルバッチを %n 件追加しました。&lt;b&gt;再開&lt;/b&gt;を押すと、アップロード、エミュレーターのクォータの壁までのジョブ作成、待機、すべての結果のダウンロードが行われます。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::SettingsDialog</name>
    <message>
        <source>Batchboard Settings</source>
        <translation>Batchboard の設定</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>接続(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Work</source>
        <translation>作業(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Desktop</source>
        <translation>デスクトップ(&amp;D)</translation>
    </message>
    <message>
        <source>Run batches against</source>
        <translation>バッチの実行先</translation>
    </message>
    <message>
        <source>The &amp;Gemini API, with my API key (billed by Google)</source>
        <translation>&amp;Gemini API (自分の API キー、Google が課金)</translation>
    </message>
    <message>
        <source>The built-in &amp;Sandbox emulator (free; nothing leaves this computer)</source>
        <translation>内蔵の&amp;サンドボックスエミュレーター (無料、このコンピューターの外には何も送信しません)</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <source>Paste the key from Google AI Studio</source>
        <translation>Google AI Studio のキーを貼り付けてください</translation>
    </message>
    <message>
        <source>Show the key</source>
        <translation>キーを表示</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>接続をテスト(&amp;T)</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>接続テストの結果</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>ベース URL</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>ベース URL(&amp;B):</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>テスト中…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>モデル(&amp;M):</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <translation>ティア %1</translation>
    </message>
    <message>
        <source>Billing tier</source>
        <translation>課金ティア</translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation>ティア(&amp;T):</translation>
    </message>
    <message>
        <source>Tier 1</source>
        <translation>ティア 1</translation>
    </message>
    <message>
        <source>Tier 2</source>
        <translation>ティア 2</translation>
    </message>
    <message>
        <source>Tier 3</source>
        <translation>ティア 3</translation>
    </message>
    <message>
        <source>Enqueued token limits per model and tier</source>
        <translation>モデル・ティア別のキュー内トークン上限</translation>
    </message>
    <message>
        <source>Restore published limits</source>
        <translation>公開されている上限に戻す</translation>
    </message>
    <message>
        <source>Token limits:</source>
        <translation>トークン上限:</translation>
    </message>
    <message>
        <source>Concurrent batch jobs</source>
        <translation>同時バッチジョブ数</translation>
    </message>
    <message>
        <source>&amp;Concurrent jobs:</source>
        <translation>同時ジョブ数(&amp;C):</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>File storage limit</source>
        <translation>ファイルストレージの上限</translation>
    </message>
    <message>
        <source>File &amp;storage:</source>
        <translation>ファイルストレージ(&amp;S):</translation>
    </message>
    <message>
        <source>Parallel uploads</source>
        <translation>並列アップロード数</translation>
    </message>
    <message>
        <source>Parallel &amp;uploads:</source>
        <translation>並列アップロード数(&amp;U):</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 時間</translation>
    </message>
    <message>
        <source>Expiry safety margin</source>
        <translation>期限切れまでの安全マージン</translation>
    </message>
    <message>
        <source>Uploaded files expire after 48 hours. A file with less time left than this is uploaded again before a job is created from it.</source>
        <translation>アップロードしたファイルは 48 時間で期限切れになります。残り時間がこの値より短いファイルは、ジョブを作成する前に再アップロードされます。</translation>
    </message>
    <message>
        <source>&amp;Expiry safety margin:</source>
        <translation>期限切れまでの安全マージン(&amp;E):</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Polling interval</source>
        <translation>ポーリング間隔</translation>
    </message>
    <message>
        <source>How often job states are checked while they change; Batchboard slows down by itself when nothing moves.</source>
        <translation>ジョブの状態が変化している間に確認する間隔です。何も動いていないときは Batchboard が自動的に間隔を空けます。</translation>
    </message>
    <message>
        <source>&amp;Polling interval:</source>
        <translation>ポーリング間隔(&amp;P):</translation>
    </message>
    <message>
        <source>Notify me when</source>
        <translation>通知するタイミング</translation>
    </message>
    <message>
        <source>all batches are &amp;done</source>
        <translation>すべてのバッチが完了したとき(&amp;D)</translation>
    </message>
    <message>
        <source>batches &amp;need attention (failed, cancelled, expired)</source>
        <translation>バッチに対応が必要なとき (失敗、キャンセル、期限切れ)(&amp;N)</translation>
    </message>
    <message>
        <source>the &amp;daily quota is reached</source>
        <translation>日次クォータに達したとき(&amp;D)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>言語(&amp;L):</translation>
    </message>
    <message>
        <source>A new language takes effect when Batchboard starts again.</source>
        <translation>新しい言語は Batchboard の次回起動時に反映されます。</translation>
    </message>
    <message>
        <source>Reading the system keychain…</source>
        <translation>システムのキーチェーンを読み込み中…</translation>
    </message>
    <message>
        <source>Stored in the system keychain for %1.</source>
        <translation>%1 用にシステムのキーチェーンに保存されています。</translation>
    </message>
    <message>
        <source>No key stored for %1. Without a key Batchboard runs in Sandbox mode.</source>
        <translation>%1 用のキーは保存されていません。キーがない場合、Batchboard はサンドボックスモードで動作します。</translation>
    </message>
    <message>
        <source>No system keychain is available (%1). Batchboard never writes the key to a file, so it cannot be saved here.</source>
        <translation>システムのキーチェーンを利用できません (%1)。Batchboard はキーをファイルに書き込まないため、ここには保存できません。</translation>
    </message>
    <message>
        <source>The keychain refused access (%1). Unlock it and open Settings again.</source>
        <translation>キーチェーンがアクセスを拒否しました (%1)。ロックを解除してから設定を開き直してください。</translation>
    </message>
    <message>
        <source>The keychain could not be read: %1</source>
        <translation>キーチェーンを読み込めませんでした: %1</translation>
    </message>
    <message>
        <source>Changed from the published %1 million</source>
        <translation>公開値の %1 百万から変更されています</translation>
    </message>
    <message>
        <source>Saving the key in the system keychain…</source>
        <translation>システムのキーチェーンにキーを保存中…</translation>
    </message>
    <message>
        <source>The key was NOT saved: %1. Batchboard never stores it anywhere but the system keychain; clear the field to continue without it.</source>
        <translation>キーは保存されませんでした: %1。Batchboard はシステムのキーチェーン以外にキーを保存しません。キーなしで続けるにはフィールドを空にしてください。</translation>
    </message>
    <message>
        <source>the keychain refused it</source>
        <translation>キーチェーンが拒否しました</translation>
    </message>
    <message>
        <source>Co&amp;st</source>
        <translation>費用(&amp;S)</translation>
    </message>
    <message>
        <source>Open a project to choose its model.</source>
        <translation>モデルを選ぶにはプロジェクトを開いてください。</translation>
    </message>
    <message>
        <source>Millions of enqueued tokens allowed per model at a time, as Google published them on %1 (the service does not report them). Google changes these; if the server refuses jobs earlier, Batchboard learns the real limit by itself.</source>
        <translation>モデルごとに同時にキューに入れられるトークン数（百万単位）。Google が %1 に公開した値です（サービスは報告しません）。Google はこれを変更します。サーバーがそれより早くジョブを拒否した場合、Batchboard は実際の上限を自動で学習します。</translation>
    </message>
    <message>
        <source>the newest stable Flash model the key offers</source>
        <translation>キーが提供する最新の安定版 Flash モデル</translation>
    </message>
    <message>
        <source>The key&apos;s models are listed when the project runs; until then any model id may be typed. Empty: Resume chooses the newest stable Flash model.</source>
        <translation>キーのモデルはプロジェクトの実行時に一覧表示されます。それまでは任意のモデル ID を入力できます。空欄の場合、「再開」が最新の安定版 Flash モデルを選びます。</translation>
    </message>
    <message>
        <source>%1 (not offered to this key)</source>
        <translation>%1（このキーでは提供されていません）</translation>
    </message>
    <message>
        <source>The models this key offers for batch jobs, as the service lists them.</source>
        <translation>このキーがバッチジョブ用に提供するモデル（サービスの一覧どおり）。</translation>
    </message>
    <message>
        <source>Change only for a gateway in front of the API. Plain http is refused except to this computer. The key is stored per server host.</source>
        <translation>API の前にあるゲートウェイを使う場合にのみ変更してください。このコンピューター以外への暗号化されていない http は拒否されます。キーはサーバーのホストごとに保存されます。</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>プロキシ</translation>
    </message>
    <message>
        <source>Use the s&amp;ystem&apos;s proxy settings</source>
        <translation>システムのプロキシ設定を使う(&amp;Y)</translation>
    </message>
    <message>
        <source>The https_proxy, http_proxy, all_proxy and no_proxy environment variables, else the desktop&apos;s network settings</source>
        <translation>環境変数 https_proxy、http_proxy、all_proxy、no_proxy、なければデスクトップのネットワーク設定</translation>
    </message>
    <message>
        <source>No pro&amp;xy: connect directly</source>
        <translation>プロキシなし: 直接接続(&amp;X)</translation>
    </message>
    <message>
        <source>Use this &amp;proxy:</source>
        <translation>このプロキシを使う(&amp;P):</translation>
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
        <translation>プロキシの種類</translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation>プロキシのホスト</translation>
    </message>
    <message>
        <source>proxy.example.com</source>
        <translation>proxy.example.com</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>プロキシのポート</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>プロキシのユーザー名</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>プロキシのパスワード</translation>
    </message>
    <message>
        <source>This computer (the Sandbox, a local emulator) is always reached directly. The proxy password is kept in the system keychain.</source>
        <translation>このコンピューター (サンドボックス、ローカルのエミュレーター) には常に直接接続します。プロキシのパスワードはシステムのキーチェーンに保存されます。</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>ポート:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>ユーザー(&amp;U):</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>パスワード(&amp;W):</translation>
    </message>
    <message>
        <source>Enter the proxy&apos;s host name, or choose another option.</source>
        <translation>プロキシのホスト名を入力するか、別のオプションを選んでください。</translation>
    </message>
    <message>
        <source>The proxy password was NOT saved: %1. Batchboard keeps it only in the system keychain; clear the field to continue without it.</source>
        <translation>プロキシのパスワードは保存されませんでした: %1。Batchboard はシステムのキーチェーンにしか保存しません。パスワードなしで続けるには欄を空にしてください。</translation>
    </message>
</context>
<context>
    <name>bb::TrayController</name>
    <message>
        <source>Show or hide Batchboard</source>
        <translation>Batchboard を表示/非表示</translation>
    </message>
    <message>
        <source>Batchboard — no project open</source>
        <translation>Batchboard — プロジェクトが開かれていません</translation>
    </message>
    <message>
        <source>Batchboard — %1
%2</source>
        <translation>Batchboard — %1
%2</translation>
    </message>
    <message>
        <source>All batches are done</source>
        <translation>すべてのバッチが完了しました</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) finished and their results are downloaded.</source>
        <translation>
            <numerusform>%n 件のバッチが完了し、結果がダウンロードされました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches need attention</source>
        <translation>対応が必要なバッチがあります</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) failed, were cancelled or expired, or need you to act.</source>
        <translation>
            <numerusform>%n 件のバッチが失敗、キャンセル、期限切れになったか、対応を必要としています。</numerusform>
        </translation>
    </message>
    <message>
        <source>Daily quota reached</source>
        <translation>日次クォータに達しました</translation>
    </message>
    <message>
        <source>No more jobs can be created today. Batchboard tries again at %1.</source>
        <translation>本日はこれ以上ジョブを作成できません。Batchboard は %1 に再試行します。</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>%1 needs a value</source>
        <translation>%1 には値が必要です</translation>
    </message>
    <message>
        <source>unknown option %1</source>
        <translation>不明なオプション %1</translation>
    </message>
    <message>
        <source>no command given</source>
        <translation>コマンドが指定されていません</translation>
    </message>
    <message>
        <source>unknown command %1</source>
        <translation>不明なコマンド %1</translation>
    </message>
    <message>
        <source>run `batchboard-cli --help` for usage</source>
        <translation>使い方は `batchboard-cli --help` を実行してください</translation>
    </message>
    <message>
        <source>%1 is open for writing in another program: %2. Close it there, or use a command that only reads (status, export).</source>
        <translation>%1 は別のプログラムで書き込み用に開かれています: %2。そちらで閉じるか、読み取り専用のコマンド (status、export) を使ってください。</translation>
    </message>
    <message>
        <source>%1 was written by a newer Batchboard (schema %2); update Batchboard to open it. The file was not changed.</source>
        <translation>%1 は新しいバージョンの Batchboard で書き込まれています (スキーマ %2)。開くには Batchboard を更新してください。ファイルは変更されていません。</translation>
    </message>
    <message>
        <source>%1 is not a Batchboard project (%2). The file was not changed.</source>
        <translation>%1 は Batchboard のプロジェクトではありません (%2)。ファイルは変更されていません。</translation>
    </message>
    <message>
        <source>%1 is damaged (%2).</source>
        <translation>%1 は破損しています (%2)。</translation>
    </message>
    <message>
        <source>cannot use %1: %2</source>
        <translation>%1 を使用できません: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: skipped (%2)</source>
        <translation>%1: スキップ (%2)</translation>
    </message>
    <message>
        <source>%1 other files skipped (not .jsonl)</source>
        <translation>ほかに %1 個のファイルをスキップしました (.jsonl ではありません)</translation>
    </message>
    <message>
        <source>no .jsonl files found in %1</source>
        <translation>%1 に .jsonl ファイルが見つかりません</translation>
    </message>
    <message>
        <source>%1: %2 more problems not shown</source>
        <translation>%1: ほかに %2 件の問題 (非表示)</translation>
    </message>
    <message>
        <source>validate needs at least one file or folder</source>
        <translation>validate にはファイルまたはフォルダーが 1 つ以上必要です</translation>
    </message>
    <message>
        <source>%1 files, %2 requests, %3 bytes, %4 invalid
</source>
        <translation>ファイル %1 個、リクエスト %2 件、%3 バイト、不正 %4 件
</translation>
    </message>
    <message>
        <source>import needs at least one file or folder</source>
        <translation>import にはファイルまたはフォルダーが 1 つ以上必要です</translation>
    </message>
    <message>
        <source>%1 added, %2 unchanged, %3 updated, %4 rejected
</source>
        <translation>追加 %1、変更なし %2、更新 %3、拒否 %4
</translation>
    </message>
    <message>
        <source>import-report needs exactly one report file</source>
        <translation>import-report にはレポートファイルがちょうど 1 つ必要です</translation>
    </message>
    <message>
        <source>%1 is too large to be a hand-over report</source>
        <translation>%1 は引き継ぎレポートとしては大きすぎます</translation>
    </message>
    <message>
        <source>%1 jobs and %2 uploaded files adopted, %3 already known, %4 pending batches listed; Resume verifies them with the server
</source>
        <translation>ジョブ %1 件とアップロード済みファイル %2 件を取り込み、%3 件は既知、未処理のバッチ %4 件を記載。resume がサーバーで確認します
</translation>
    </message>
    <message>
        <source>export needs --out FILE</source>
        <translation>export には --out FILE が必要です</translation>
    </message>
    <message>
        <source>export failed, %1 was not written: %2</source>
        <translation>エクスポートに失敗しました。%1 は書き込まれていません: %2</translation>
    </message>
    <message>
        <source>%1 lines written to %2: %3 succeeded, %4 failed, %5 blocked, %6 without a result
</source>
        <translation>%1 行を %2 に書き込みました: 成功 %3、失敗 %4、ブロック %5、結果なし %6
</translation>
    </message>
    <message>
        <source>--spend-cap needs an amount in USD or &quot;none&quot;, not %1</source>
        <translation>--spend-cap には USD の金額または &quot;none&quot; を指定してください (%1 ではなく)</translation>
    </message>
    <message>
        <source>refusing base URL %1: %2</source>
        <translation>ベース URL %1 を拒否しました: %2</translation>
    </message>
    <message>
        <source>no API key: set GEMINI_API_KEY or store one with the desktop app&apos;s Settings</source>
        <translation>API キーがありません: GEMINI_API_KEY を設定するか、デスクトップアプリの設定でキーを保存してください</translation>
    </message>
    <message>
        <source>no API key: the keychain could not be read (%1); set GEMINI_API_KEY instead</source>
        <translation>API キーがありません: キーチェーンを読み込めませんでした (%1)。代わりに GEMINI_API_KEY を設定してください</translation>
    </message>
    <message>
        <source>%1/%2 downloaded, %3 active jobs</source>
        <translation>%1/%2 ダウンロード済み、アクティブなジョブ %3 件</translation>
    </message>
    <message>
        <source>, %1 waiting for quota</source>
        <translation>、クォータ待ち %1 件</translation>
    </message>
    <message>
        <source>, creates blocked (%1) until %2</source>
        <translation>、作成は %2 までブロック中 (%1)</translation>
    </message>
    <message>
        <source>, %1 need attention</source>
        <translation>、要対応 %1 件</translation>
    </message>
    <message>
        <source>, %1 waiting: spend cap</source>
        <translation>、支出上限で待機中 %1 件</translation>
    </message>
    <message>
        <source>%1 batches need attention (see `status`)</source>
        <translation>%1 件のバッチに対応が必要です (`status` を参照)</translation>
    </message>
    <message>
        <source>blocked by the spend cap: %1 batches wait; raise it with resume --spend-cap USD
</source>
        <translation>支出上限によりブロック: %1 件のバッチが待機中。resume --spend-cap USD で上限を引き上げてください
</translation>
    </message>
    <message>
        <source>blocked until %1 (%2)
</source>
        <translation>%1 までブロック中 (%2)
</translation>
    </message>
    <message>
        <source>deleting %1 remote files no longer needed
</source>
        <translation>不要になったリモートファイル %1 個を削除しています
</translation>
    </message>
    <message>
        <source>interrupted; run resume again to continue</source>
        <translation>中断しました。続けるには resume をもう一度実行してください</translation>
    </message>
    <message>
        <source>%1: no batch, job or uploaded file found in this report; nothing was adopted</source>
        <translation>%1: このレポートにはバッチ、ジョブ、アップロード済みファイルが見つかりません。何も引き継がれませんでした</translation>
    </message>
    <message>
        <source>tracking files read earlier</source>
        <translation>以前に読み込んだトラッキングファイル</translation>
    </message>
    <message>
        <source>tracking files read earlier: %1
</source>
        <translation>以前に読み込んだトラッキングファイル: %1
</translation>
    </message>
    <message>
        <source>%1: lists %2 local files and nothing on the server; nothing to adopt
</source>
        <translation>%1: ローカルファイル %2 件だけが記載され、サーバー上のものはありません。取り込むものはありません
</translation>
    </message>
    <message>
        <source>--canary-minutes needs a number of minutes, not %1</source>
        <translation>--canary-minutes には分数を指定してください (%1 ではなく)</translation>
    </message>
    <message>
        <source>paused: %1
look at the results; run resume --continue-anyway to create the remaining jobs</source>
        <translation>一時停止: %1
結果を確認してください。残りのジョブを作成するには resume --continue-anyway を実行します</translation>
    </message>
    <message>
        <source>could not list the key&apos;s models (%1); using %2 unchecked</source>
        <translation>キーのモデルを一覧できませんでした（%1）。%2 を確認せずに使います</translation>
    </message>
    <message>
        <source>--model %1: this key offers no such model for batch jobs
available models: %2</source>
        <translation>--model %1: このキーはバッチジョブ用にそのモデルを提供していません
利用可能なモデル: %2</translation>
    </message>
    <message>
        <source>
run resume --model NAME with one of: %1</source>
        <translation>
次のいずれかで resume --model NAME を実行してください: %1</translation>
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
        <translation>使い方: batchboard-cli [オプション] COMMAND [ARGS...]

Gemini Batch API 用 JSONL ファイルのフォルダーを、すべての結果のダウンロードまで進めます。

コマンド:
  import DIR|FILE...     JSONL ファイルをプロジェクトに追加 (フォルダーは *.jsonl を検索)
  import-report FILE     Markdown レポートまたは JSON 進捗ファイルからジョブとアップロードを取り込む
  validate PATH...       プロジェクトなしで JSONL ファイルを検査。不正があれば終了コード 1
  status [--json]        すべてのバッチと合計を表示
  resume [--until-done]  アップロード、ジョブ作成、ポーリング、ダウンロード。全バッチのダウンロード完了で 0、
                         既知の時刻までブロックされたら 3、致命的エラーで 2 を返して終了
  export --out FILE      入力キーごとに 1 行、入力順に応答またはエラーを出力
  cancel [BATCH...]      指定したバッチのジョブをキャンセル (指定がなければすべて)
  cleanup                不要になったリモートファイルを削除

オプション (コマンドの前後どちらでも可):
  --project FILE         プロジェクトファイル (既定: %1)
  --base-url URL         API のベース URL (https。http はループバックのみ)
  --model NAME           新しいジョブのモデル（キーのモデルと照合。既定値：
                         キーが提供する最新の安定版 Flash モデル。最初の resume で選択）
  --proxy URL            すべてのリクエストのプロキシ: http://[user:password@]host:port または
                         socks5://host:port。none: 直接接続。system: 環境変数
                         https_proxy/http_proxy/all_proxy/no_proxy、なければデスクトップの
                         プロキシ設定。既定: デスクトップアプリの設定 › 接続、なければ system。
                         ループバックのホストはプロキシを使いません
  --spend-cap USD|none   resume と併用: 先にプロジェクトの支出上限 (バッチ料金) を保存。
                         見積もりが上限を超えるジョブは作成しない
  --canary-minutes N     resume と併用: プロジェクトの最初のジョブを最大 N 分間単独で実行
                         (既定 30、0 = オフ)。結果が返るまで
  --continue-anyway      resume と併用: 大半の行が失敗したジョブがあっても続行
  -h, --help             このヘルプを表示
  -v, --version          バージョンを表示

API キーは環境変数 GEMINI_API_KEY またはシステムのキーチェーンから取得します。
</translation>
    </message>
    <message>
        <source>--proxy needs http://[user:password@]host:port, none or system: %1</source>
        <translation>--proxy には http://[user:password@]host:port、none、system のいずれかが必要です: %1</translation>
    </message>
    <message>
        <source>the proxy at %1 refused the user name and password: correct them with --proxy http://user:pass@host:port or in the desktop app&apos;s Settings</source>
        <translation>プロキシ %1 がユーザー名とパスワードを拒否しました: --proxy http://user:pass@host:port またはデスクトップアプリの設定で修正してください</translation>
    </message>
    <message>
        <source>the proxy at %1 requires a user name and password: set them with --proxy http://user:pass@host:port or in the desktop app&apos;s Settings</source>
        <translation>プロキシ %1 はユーザー名とパスワードを必要とします: --proxy http://user:pass@host:port またはデスクトップアプリの設定で指定してください</translation>
    </message>
    <message>
        <source>%1; check --proxy, the https_proxy, http_proxy, all_proxy and no_proxy variables, or the desktop app&apos;s Settings</source>
        <translation>%1。--proxy、環境変数 https_proxy、http_proxy、all_proxy、no_proxy、またはデスクトップアプリの設定を確認してください</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Takes a folder of Gemini Batch API JSONL files to every result downloaded.</source>
        <translation>Gemini Batch API 用 JSONL ファイルのフォルダーを、すべての結果のダウンロードまで進めます。</translation>
    </message>
    <message>
        <source>Run against the built-in emulator this time.</source>
        <translation>今回は内蔵エミュレーターで実行します。</translation>
    </message>
    <message>
        <source>Benchmark: open the project offline (built-in emulator, nothing submitted), print the milliseconds to the first painted batch table and quit.</source>
        <translation>ベンチマーク: プロジェクトをオフラインで開き (内蔵エミュレーター、何も送信しません)、バッチ表が最初に描画されるまでのミリ秒を出力して終了します。</translation>
    </message>
    <message>
        <source>Project file to open (created if missing).</source>
        <translation>開くプロジェクトファイル (存在しなければ作成します)。</translation>
    </message>
</context>
</TS>
