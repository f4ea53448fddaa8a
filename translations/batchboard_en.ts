<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>StatusSummary</name>
    <message numerus="yes">
        <source>%n waiting for quota</source>
        <translation>
            <numerusform>%n waiting for quota</numerusform>
            <numerusform>%n waiting for quota</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) active</source>
        <translation>
            <numerusform>%n job active</numerusform>
            <numerusform>%n jobs active</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n needs attention</numerusform>
            <numerusform>%n need attention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) failed</source>
        <translation>
            <numerusform>%n request failed</numerusform>
            <numerusform>%n requests failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::BatchActions</name>
    <message numerus="yes">
        <source>Cancelling or holding %n batch(es)</source>
        <translation>
            <numerusform>Cancelling or holding %n batch</numerusform>
            <numerusform>Cancelling or holding %n batches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Downloading the results of %n batch(es)</source>
        <translation>
            <numerusform>Downloading the results of %n batch</numerusform>
            <numerusform>Downloading the results of %n batches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n batch(es) now</source>
        <translation>
            <numerusform>Uploading %n batch now</numerusform>
            <numerusform>Uploading %n batches now</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Creating %n job(s) now</source>
        <translation>
            <numerusform>Creating %n job now</numerusform>
            <numerusform>Creating %n jobs now</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying %n batch(es) again</source>
        <translation>
            <numerusform>Trying %n batch again</numerusform>
            <numerusform>Trying %n batches again</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n file(s) again</source>
        <translation>
            <numerusform>Uploading %n file again</numerusform>
            <numerusform>Uploading %n files again</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n remote file(s)</source>
        <translation>
            <numerusform>Deleting %n remote file</numerusform>
            <numerusform>Deleting %n remote files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resubmission(s) queued; Resume runs them</source>
        <translation>
            <numerusform>%n resubmission queued; Resume runs them</numerusform>
            <numerusform>%n resubmissions queued; Resume runs them</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n batch(es)? Jobs on the server are cancelled (requests they already finished are kept); batches without a job are held until you retry them.</source>
        <translation>
            <numerusform>Cancel %n batch? Jobs on the server are cancelled (requests they already finished are kept); batches without a job are held until you retry them.</numerusform>
            <numerusform>Cancel %n batches? Jobs on the server are cancelled (requests they already finished are kept); batches without a job are held until you retry them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n job name(s)</source>
        <translation>
            <numerusform>Copied %n job name</numerusform>
            <numerusform>Copied %n job names</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n file URI(s)</source>
        <translation>
            <numerusform>Copied %n file URI</numerusform>
            <numerusform>Copied %n file URIs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::CostStatusLabel</name>
    <message numerus="yes">
        <source>%n batch(es) use a model without a price.</source>
        <translation>
            <numerusform>%n batch use a model without a price.</numerusform>
            <numerusform>%n batches use a model without a price.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) held by the cap (Settings → Cost)</source>
        <translation>
            <numerusform>%n batch held by the cap (Settings → Cost)</numerusform>
            <numerusform>%n batches held by the cap (Settings → Cost)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::Engine</name>
    <message numerus="yes">
        <source>lists %n local file(s) and nothing on the server; nothing to adopt</source>
        <translation>
            <numerusform>lists %n local file and nothing on the server; nothing to adopt</numerusform>
            <numerusform>lists %n local files and nothing on the server; nothing to adopt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>lists %n batch(es) as failed (%1); nothing to adopt for them, and the server has the final word</source>
        <translation>
            <numerusform>lists %n batch as failed (%1); nothing to adopt for it, and the server has the final word</numerusform>
            <numerusform>lists %n batches as failed (%1); nothing to adopt for them, and the server has the final word</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) are not in the project yet; what the report says about them is adopted when their files are imported</source>
        <translation>
            <numerusform>%n batch is not in the project yet; what the report says about it is adopted when its file is imported</numerusform>
            <numerusform>%n batches are not in the project yet; what the report says about them is adopted when their files are imported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have no number in their name; they are batches without a number.</source>
        <translation>
            <numerusform>%n file has no number in its name; it is a batch without a number.</numerusform>
            <numerusform>%n files have no number in their name; they are batches without a number.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) have no &quot;key&quot;; each is named after its batch and line (batch_011_proper#line1) in the results and the export.</source>
        <translation>
            <numerusform>%n request has no &quot;key&quot;; it is named after its batch and line (batch_011_proper#line1) in the results and the export.</numerusform>
            <numerusform>%n requests have no &quot;key&quot;; each is named after its batch and line (batch_011_proper#line1) in the results and the export.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) start with a UTF-8 byte-order mark; it is skipped.</source>
        <translation>
            <numerusform>%n file starts with a UTF-8 byte-order mark; it is skipped.</numerusform>
            <numerusform>%n files start with a UTF-8 byte-order mark; it is skipped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have Windows (CRLF) line ends; they are read as they are.</source>
        <translation>
            <numerusform>%n file has Windows (CRLF) line ends; it is read as it is.</numerusform>
            <numerusform>%n files have Windows (CRLF) line ends; they are read as they are.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) end without a final newline; their last line is read as a request.</source>
        <translation>
            <numerusform>%n file ends without a final newline; its last line is read as a request.</numerusform>
            <numerusform>%n files end without a final newline; their last line is read as a request.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::FilterSidebar</name>
    <message numerus="yes">
        <source>%1, %n batch(es)</source>
        <extracomment>Accessible text of a sidebar category: &quot;Running, 12 batches&quot;</extracomment>
        <translation>
            <numerusform>%1, %n batch</numerusform>
            <numerusform>%1, %n batches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::ImportController</name>
    <message numerus="yes">
        <source>%1: %n more problem(s) not shown</source>
        <translation>
            <numerusform>%1: %n more problem not shown</numerusform>
            <numerusform>%1: %n more problems not shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added</source>
        <translation>
            <numerusform>%n file added</numerusform>
            <numerusform>%n files added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n already in the project</source>
        <translation>
            <numerusform>, %n already in the project</numerusform>
            <numerusform>, %n already in the project</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n updated</source>
        <translation>
            <numerusform>, %n updated</numerusform>
            <numerusform>, %n updated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n not imported</source>
        <translation>
            <numerusform>, %n not imported</numerusform>
            <numerusform>, %n not imported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n job(s) and %2 upload(s) adopted, %3 already known</source>
        <translation>
            <numerusform>%1: %n job and %2 upload adopted, %3 already known</numerusform>
            <numerusform>%1: %n jobs and %2 uploads adopted, %3 already known</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::ProgressChart</name>
    <message numerus="yes">
        <source>Batches by state — estimated end %1 (in %n min)</source>
        <translation>
            <numerusform>Batches by state — estimated end %1 (in %n min)</numerusform>
            <numerusform>Batches by state — estimated end %1 (in %n min)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::QtChartsPanel</name>
    <message numerus="yes">
        <source>Next try in %1 (at %2): %n batch(es) waiting for %3</source>
        <translation>
            <numerusform>Next try in %1 (at %2): %n batch waiting for %3</numerusform>
            <numerusform>Next try in %1 (at %2): %n batches waiting for %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying again now: %n batch(es) waiting for %1</source>
        <translation>
            <numerusform>Trying again now: %n batch waiting for %1</numerusform>
            <numerusform>Trying again now: %n batches waiting for %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) waiting for %1: the next one starts as soon as a running job finishes</source>
        <translation>
            <numerusform>%n batch waiting for %1: the next one starts as soon as a running job finishes</numerusform>
            <numerusform>%n batches waiting for %1: the next one starts as soon as a running job finishes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::QuotaTimelineChart</name>
    <message numerus="yes">
        <source>Create attempts per %n s</source>
        <translation>
            <numerusform>Create attempts per %n s</numerusform>
            <numerusform>Create attempts per %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refused (429) per %n s</source>
        <translation>
            <numerusform>Refused (429) per %n s</numerusform>
            <numerusform>Refused (429) per %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::SandboxBanner</name>
    <message numerus="yes">
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt; — %n sample batch(es) added. Press &lt;b&gt;Resume&lt;/b&gt; to upload them, create jobs until the emulator&apos;s quota wall, wait, and download every result.</source>
        <translation>
            <numerusform>&lt;b&gt;Sandbox mode&lt;/b&gt; — %n sample batch added. Press &lt;b&gt;Resume&lt;/b&gt; to upload them, create jobs until the emulator&apos;s quota wall, wait, and download every result.</numerusform>
            <numerusform>&lt;b&gt;Sandbox mode&lt;/b&gt; — %n sample batches added. Press &lt;b&gt;Resume&lt;/b&gt; to upload them, create jobs until the emulator&apos;s quota wall, wait, and download every result.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::TrayController</name>
    <message numerus="yes">
        <source>%n batch(es) finished and their results are downloaded.</source>
        <translation>
            <numerusform>%n batch finished and their results are downloaded.</numerusform>
            <numerusform>%n batches finished and their results are downloaded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) failed, were cancelled or expired, or need you to act.</source>
        <translation>
            <numerusform>%n batch failed, were cancelled or expired, or need you to act.</numerusform>
            <numerusform>%n batches failed, were cancelled or expired, or need you to act.</numerusform>
        </translation>
    </message>
</context>
</TS>
