<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AppTranslator</name>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
</context>
<context>
    <name>BatchFilter</name>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>Nicht hochgeladen</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Wird hochgeladen</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Hochgeladen</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>Läuft bald ab</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Waiting for quota</source>
        <translation>Wartet auf Kontingent</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed / Cancelled / Expired jobs</source>
        <translation>Fehlgeschlagene / abgebrochene / abgelaufene Jobs</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Braucht Aufmerksamkeit</translation>
    </message>
</context>
<context>
    <name>EventText</name>
    <message>
        <source>later</source>
        <translation>später</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Upload started (%1)</source>
        <translation>Hochladen gestartet (%1)</translation>
    </message>
    <message>
        <source>Upload resumed at %1 of %2</source>
        <translation>Hochladen bei %1 von %2 fortgesetzt</translation>
    </message>
    <message>
        <source>Uploaded as %1, expires %2</source>
        <translation>Hochgeladen als %1, läuft ab %2</translation>
    </message>
    <message>
        <source>Upload refused by a quota (429)</source>
        <translation>Hochladen durch ein Kontingent abgelehnt (429)</translation>
    </message>
    <message>
        <source>Upload failed</source>
        <translation>Hochladen fehlgeschlagen</translation>
    </message>
    <message>
        <source>The server&apos;s copy does not match the local file; uploading again</source>
        <translation>Die Kopie auf dem Server stimmt nicht mit der lokalen Datei überein; wird erneut hochgeladen</translation>
    </message>
    <message>
        <source>The local file changed or is missing; not uploaded</source>
        <translation>Die lokale Datei hat sich geändert oder fehlt; nicht hochgeladen</translation>
    </message>
    <message>
        <source>Creating a job (%1 jobs active)</source>
        <translation>Job wird erstellt (%1 Jobs aktiv)</translation>
    </message>
    <message>
        <source>Job %1 created</source>
        <translation>Job %1 erstellt</translation>
    </message>
    <message>
        <source>Job creation may or may not have worked; checking with the server</source>
        <translation>Unklar, ob das Erstellen des Jobs geklappt hat; wird beim Server nachgefragt</translation>
    </message>
    <message>
        <source>Job creation rate-limited (429), waiting</source>
        <translation>Job-Erstellung gedrosselt (429), warte</translation>
    </message>
    <message>
        <source>Daily job-creation quota reached (429); next try %1</source>
        <translation>Tageskontingent für Job-Erstellung erreicht (429); nächster Versuch %1</translation>
    </message>
    <message>
        <source>Server refused a new job at %1 active jobs (429: batch capacity); trying again %2</source>
        <translation>Server lehnte einen neuen Job bei %1 aktiven Jobs ab (429: Batch-Kapazität); neuer Versuch %2</translation>
    </message>
    <message>
        <source>The input file is gone from the server; it will be uploaded again</source>
        <translation>Die Eingabedatei ist nicht mehr auf dem Server; sie wird erneut hochgeladen</translation>
    </message>
    <message>
        <source>Job creation refused; retrying cannot help</source>
        <translation>Job-Erstellung abgelehnt; ein neuer Versuch hilft nicht</translation>
    </message>
    <message>
        <source>Job cancelled on request</source>
        <translation>Job auf Wunsch abgebrochen</translation>
    </message>
    <message>
        <source>Cancelling the job failed</source>
        <translation>Abbrechen des Jobs fehlgeschlagen</translation>
    </message>
    <message>
        <source>Job %1 set aside; a new job will be created</source>
        <translation>Job %1 zurückgestellt; ein neuer Job wird erstellt</translation>
    </message>
    <message>
        <source>No progress since %1; the job may be stuck</source>
        <translation>Kein Fortschritt seit %1; der Job hängt möglicherweise</translation>
    </message>
    <message>
        <source>The job no longer exists on the server</source>
        <translation>Der Job existiert auf dem Server nicht mehr</translation>
    </message>
    <message>
        <source>Checking job states failed</source>
        <translation>Abfrage der Job-Status fehlgeschlagen</translation>
    </message>
    <message>
        <source>Downloading results from %1</source>
        <translation>Ergebnisse werden von %1 heruntergeladen</translation>
    </message>
    <message>
        <source>Downloading results failed</source>
        <translation>Herunterladen der Ergebnisse fehlgeschlagen</translation>
    </message>
    <message>
        <source>Results downloaded: %1 succeeded, %2 failed or missing</source>
        <translation>Ergebnisse heruntergeladen: %1 erfolgreich, %2 fehlgeschlagen oder fehlend</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Remote file %1 deleted</source>
        <translation>Entfernte Datei %1 gelöscht</translation>
    </message>
    <message>
        <source>%1 failed or missing requests queued again as %2</source>
        <translation>%1 fehlgeschlagene oder fehlende Anfragen erneut eingereiht als %2</translation>
    </message>
    <message>
        <source>Could not write the resubmission file</source>
        <translation>Die Datei für die erneute Übermittlung konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Comparing with the server failed; will try again</source>
        <translation>Abgleich mit dem Server fehlgeschlagen; neuer Versuch folgt</translation>
    </message>
    <message>
        <source>Uploaded file %1 is gone from the server</source>
        <translation>Hochgeladene Datei %1 ist nicht mehr auf dem Server</translation>
    </message>
    <message>
        <source>Found this file already uploaded as %1</source>
        <translation>Diese Datei ist bereits hochgeladen als %1</translation>
    </message>
    <message>
        <source>Found this job already on the server: %1</source>
        <translation>Dieser Job ist bereits auf dem Server: %1</translation>
    </message>
    <message>
        <source>%1 jobs on the server carry this batch&apos;s name; the first one is used</source>
        <translation>%1 Jobs auf dem Server tragen den Namen dieses Batches; der erste wird verwendet</translation>
    </message>
    <message>
        <source>The server never created the job; it will be created again</source>
        <translation>Der Server hat den Job nie erstellt; er wird erneut erstellt</translation>
    </message>
    <message>
        <source>Added to the project (%1 requests)</source>
        <translation>Zum Projekt hinzugefügt (%1 Anfragen)</translation>
    </message>
    <message>
        <source>The file changed after it was uploaded; the new version was not taken</source>
        <translation>Die Datei hat sich nach dem Hochladen geändert; die neue Version wurde nicht übernommen</translation>
    </message>
    <message>
        <source>Adopted from a hand-over report (job %1, file %2)</source>
        <translation>Aus einem Übergabebericht übernommen (Job %1, Datei %2)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Retry requested</source>
        <translation>Neuer Versuch angefordert</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Fortgesetzt</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Found this file already uploaded as %1 (&quot;%2&quot;, same sha256)</source>
        <translation>Diese Datei ist bereits hochgeladen als %1 („%2“, gleicher sha256)</translation>
    </message>
    <message>
        <source>Found this job already on the server: %1 (&quot;%2&quot;)</source>
        <translation>Dieser Job ist bereits auf dem Server: %1 („%2“)</translation>
    </message>
    <message>
        <source>Its input file is gone; matched to %1 (&quot;%2&quot;) by batch number and request count</source>
        <translation>Die Eingabedatei ist nicht mehr da; über Batch-Nummer und Anzahl der Anfragen %1 („%2“) zugeordnet</translation>
    </message>
    <message>
        <source>May already be submitted; held for you</source>
        <translation>Möglicherweise schon eingereicht; für Sie zurückgehalten</translation>
    </message>
    <message>
        <source>Upload %1 holds other bytes than this file; it is not used</source>
        <translation>Upload %1 enthält andere Bytes als diese Datei; er wird nicht verwendet</translation>
    </message>
    <message>
        <source>Job %1 has this batch&apos;s name but other input; left alone</source>
        <translation>Job %1 trägt den Namen dieses Batches, hat aber eine andere Eingabe; unberührt gelassen</translation>
    </message>
    <message>
        <source>Adopted from %3 (job %1, file %2)</source>
        <translation>Übernommen aus %3 (Job %1, Datei %2)</translation>
    </message>
    <message>
        <source>Its requests have no keys: uploading a copy with keys added (%1)</source>
        <translation>Die Anfragen haben keine Schlüssel: eine Kopie mit Schlüsseln wird hochgeladen (%1)</translation>
    </message>
    <message>
        <source>Could not write the copy with keys added</source>
        <translation>Die Kopie mit Schlüsseln konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1 of %2 lines failed: new jobs are paused until you continue</source>
        <translation>%1 von %2 Zeilen fehlgeschlagen: neue Jobs pausieren, bis Sie fortfahren</translation>
    </message>
    <message>
        <source>Continued despite the failed lines</source>
        <translation>Trotz der fehlgeschlagenen Zeilen fortgesetzt</translation>
    </message>
</context>
<context>
    <name>ProjectSession</name>
    <message>
        <source>The project %1 is already open in another Batchboard window or in batchboard-cli (%2). Only one program may work on a project at a time: switch to that window, or close it and try again.</source>
        <translation>Das Projekt %1 ist bereits in einem anderen Batchboard-Fenster oder in batchboard-cli geöffnet (%2). Nur ein Programm kann gleichzeitig an einem Projekt arbeiten: Wechseln Sie zu diesem Fenster oder schließen Sie es und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The project %1 was written by a newer Batchboard (schema %2). Update Batchboard to open it; the file was not changed.</source>
        <translation>Das Projekt %1 wurde von einem neueren Batchboard geschrieben (Schema %2). Aktualisieren Sie Batchboard, um es zu öffnen; die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>%1 is not a Batchboard project (%2). The file was not changed.</source>
        <translation>%1 ist kein Batchboard-Projekt (%2). Die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>The project %1 is damaged: %2</source>
        <translation>Das Projekt %1 ist beschädigt: %2</translation>
    </message>
    <message>
        <source>The project %1 cannot be used: %2</source>
        <translation>Das Projekt %1 kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>The project %1 refused a change: %2</source>
        <translation>Das Projekt %1 hat eine Änderung abgelehnt: %2</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Wird heruntergeladen</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Uploaded, no job yet</source>
        <translation>Hochgeladen, noch kein Job</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Wird hochgeladen</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>Nicht hochgeladen</translation>
    </message>
    <message>
        <source>Failed / cancelled / expired</source>
        <translation>Fehlgeschlagen / abgebrochen / abgelaufen</translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message>
        <source>No batches yet — drop a folder of .jsonl files here, or use Add folder…</source>
        <translation>Noch keine Batches — ziehen Sie einen Ordner mit .jsonl-Dateien hierher oder verwenden Sie „Ordner hinzufügen…“</translation>
    </message>
    <message>
        <source>%1/%2 done</source>
        <translation>%1/%2 fertig</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for quota</source>
        <translation>
            <numerusform>%n wartet auf Kontingent</numerusform>
            <numerusform>%n warten auf Kontingent</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, next try %2</source>
        <translation>%1, nächster Versuch %2</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) active</source>
        <translation>
            <numerusform>%n Job aktiv</numerusform>
            <numerusform>%n Jobs aktiv</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 stored</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n braucht Aufmerksamkeit</numerusform>
            <numerusform>%n brauchen Aufmerksamkeit</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) failed</source>
        <translation>
            <numerusform>%n Anfrage fehlgeschlagen</numerusform>
            <numerusform>%n Anfragen fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>the run to be resumed</source>
        <translation>die Fortsetzung des Laufs</translation>
    </message>
    <message>
        <source>an upload slot</source>
        <translation>einen freien Upload-Platz</translation>
    </message>
    <message>
        <source>the rate limit</source>
        <translation>das Ratenlimit</translation>
    </message>
    <message>
        <source>the daily quota</source>
        <translation>das Tageskontingent</translation>
    </message>
    <message>
        <source>batch capacity</source>
        <translation>Batch-Kapazität</translation>
    </message>
    <message>
        <source>the concurrent job limit</source>
        <translation>das Limit gleichzeitiger Jobs</translation>
    </message>
    <message>
        <source>the enqueued token limit</source>
        <translation>das Limit eingereihter Tokens</translation>
    </message>
    <message>
        <source>file storage</source>
        <translation>Dateispeicher</translation>
    </message>
    <message>
        <source>a fresh upload</source>
        <translation>einen neuen Upload</translation>
    </message>
    <message>
        <source>the spend cap</source>
        <translation>die Ausgabengrenze</translation>
    </message>
    <message>
        <source>a retry after an error</source>
        <translation>einen neuen Versuch nach einem Fehler</translation>
    </message>
    <message>
        <source>you (held)</source>
        <translation>Sie (zurückgehalten)</translation>
    </message>
    <message>
        <source>you</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>All done</source>
        <translation>Alles erledigt</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Checking with the server…</source>
        <translation>Abgleich mit dem Server…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>the first job (it runs alone)</source>
        <translation>den ersten Job (er läuft allein)</translation>
    </message>
    <message>
        <source>you (a job&apos;s lines failed)</source>
        <translation>Sie (die Zeilen eines Jobs sind fehlgeschlagen)</translation>
    </message>
    <message>
        <source>you (choose another model)</source>
        <translation>Sie (ein anderes Modell wählen)</translation>
    </message>
    <message>
        <source>you (billing)</source>
        <translation>Sie (Abrechnung)</translation>
    </message>
</context>
<context>
    <name>bb::ActivityLogView</name>
    <message>
        <source>Activity log</source>
        <translation>Aktivitätsprotokoll</translation>
    </message>
    <message>
        <source>All batches</source>
        <translation>Alle Batches</translation>
    </message>
    <message>
        <source>Project events only</source>
        <translation>Nur Projektereignisse</translation>
    </message>
    <message>
        <source>Selected batch</source>
        <translation>Ausgewählter Batch</translation>
    </message>
    <message>
        <source>Show events of</source>
        <translation>Ereignisse anzeigen von</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Information and above</source>
        <translation>Information und höher</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Minimum severity</source>
        <translation>Mindestschweregrad</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Protokoll durchsuchen</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Anzeigen:</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>&amp;Stufe:</translation>
    </message>
</context>
<context>
    <name>bb::AppController</name>
    <message>
        <source>Cannot open the project</source>
        <translation>Das Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The base URL %1 is not allowed: %2. Change it in Settings › Connection › Advanced.</source>
        <translation>Die Basis-URL %1 ist nicht erlaubt: %2. Ändern Sie sie unter Einstellungen › Verbindung › Erweitert.</translation>
    </message>
    <message>
        <source>The sample batches could not be written: %1</source>
        <translation>Die Beispiel-Batches konnten nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Sandbox mode is unavailable: the built-in emulator could not start (%1).</source>
        <translation>Der Sandbox-Modus ist nicht verfügbar: Der eingebaute Emulator konnte nicht starten (%1).</translation>
    </message>
    <message>
        <source>Sandbox mode</source>
        <translation>Sandbox-Modus</translation>
    </message>
    <message>
        <source>Projects are opened against the real Gemini API. Enter an API key in Settings first; Sandbox mode always works on a fresh practice project.</source>
        <translation>Projekte werden mit der echten Gemini-API geöffnet. Geben Sie zuerst in den Einstellungen einen API-Schlüssel ein; der Sandbox-Modus arbeitet immer mit einem frischen Übungsprojekt.</translation>
    </message>
</context>
<context>
    <name>bb::BatchActions</name>
    <message>
        <source>&amp;Add folder…</source>
        <translation>Ordner &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>Add a folder of .jsonl request files (or drop it on the window)</source>
        <translation>Einen Ordner mit .jsonl-Anfragedateien hinzufügen (oder auf das Fenster ziehen)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Check with the server, then upload, create jobs, wait out quotas and download until done</source>
        <translation>Beim Server nachfragen, dann hochladen, Jobs erstellen, Kontingente abwarten und herunterladen, bis alles fertig ist</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Start nothing new; running uploads finish their chunk and everything stays resumable</source>
        <translation>Nichts Neues starten; laufende Uploads beenden ihren Block und alles bleibt fortsetzbar</translation>
    </message>
    <message>
        <source>&amp;Cancel selected</source>
        <translation>Ausgewählte a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Cancel the selected batches&apos; jobs on the server, or hold batches that have no job yet</source>
        <translation>Die Jobs der ausgewählten Batches auf dem Server abbrechen oder Batches ohne Job zurückhalten</translation>
    </message>
    <message>
        <source>Cancel &amp;all…</source>
        <translation>&amp;Alle abbrechen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Del</source>
        <translation>Ctrl+Shift+Del</translation>
    </message>
    <message>
        <source>Cancel every running job and hold every batch not yet submitted</source>
        <translation>Jeden laufenden Job abbrechen und jeden noch nicht übermittelten Batch zurückhalten</translation>
    </message>
    <message>
        <source>&amp;Download results</source>
        <translation>Ergebnisse &amp;herunterladen</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Download the results of the selected batches (or of every finished job if none is selected)</source>
        <translation>Die Ergebnisse der ausgewählten Batches herunterladen (oder jedes fertigen Jobs, wenn nichts ausgewählt ist)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Write one JSONL with a line per request, in input order</source>
        <translation>Eine JSONL-Datei mit einer Zeile pro Anfrage schreiben, in Eingabereihenfolge</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>API key, model, quota limits, notifications and language</source>
        <translation>API-Schlüssel, Modell, Kontingentgrenzen, Benachrichtigungen und Sprache</translation>
    </message>
    <message>
        <source>&amp;Upload now</source>
        <translation>Jetzt &amp;hochladen</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>Upload the selected files now, ahead of the queue</source>
        <translation>Die ausgewählten Dateien jetzt hochladen, vor der Warteschlange</translation>
    </message>
    <message>
        <source>Create &amp;job now</source>
        <translation>&amp;Job jetzt erstellen</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>Create the selected batches&apos; jobs now, ahead of the queue</source>
        <translation>Die Jobs der ausgewählten Batches jetzt erstellen, vor der Warteschlange</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>Erneut &amp;versuchen</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>Try failed, cancelled, expired or held batches again (a new job replaces an ended one)</source>
        <translation>Fehlgeschlagene, abgebrochene, abgelaufene oder zurückgehaltene Batches erneut versuchen (ein neuer Job ersetzt einen beendeten)</translation>
    </message>
    <message>
        <source>Re-&amp;upload</source>
        <translation>Erneut hoch&amp;laden</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>Replace the uploaded file with a fresh upload (for a file close to expiry)</source>
        <translation>Die hochgeladene Datei durch einen neuen Upload ersetzen (für eine Datei kurz vor dem Ablauf)</translation>
    </message>
    <message>
        <source>&amp;Delete remote file</source>
        <translation>Entfernte Datei &amp;löschen</translation>
    </message>
    <message>
        <source>Shift+Del</source>
        <translation>Shift+Del</translation>
    </message>
    <message>
        <source>Delete the uploaded input file from the server to free storage</source>
        <translation>Die hochgeladene Eingabedatei vom Server löschen, um Speicher freizugeben</translation>
    </message>
    <message>
        <source>&amp;Open results folder</source>
        <translation>Ergebnis&amp;ordner öffnen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Show the downloaded results in the file manager</source>
        <translation>Die heruntergeladenen Ergebnisse im Dateimanager zeigen</translation>
    </message>
    <message>
        <source>Copy job &amp;name</source>
        <translation>Job&amp;namen kopieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Copy the selected batches&apos; job names (batches/…)</source>
        <translation>Die Job-Namen der ausgewählten Batches kopieren (batches/…)</translation>
    </message>
    <message>
        <source>Copy file U&amp;RI</source>
        <translation>Datei-U&amp;RI kopieren</translation>
    </message>
    <message>
        <source>Ctrl+Alt+C</source>
        <translation>Ctrl+Alt+C</translation>
    </message>
    <message>
        <source>Copy the selected batches&apos; uploaded file URIs</source>
        <translation>Die URIs der hochgeladenen Dateien der ausgewählten Batches kopieren</translation>
    </message>
    <message>
        <source>Re&amp;submit failed keys</source>
        <translation>Fehlgeschlagene Schlüssel erneut &amp;übermitteln</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Queue the failed and missing requests of the selected batches as new linked batches</source>
        <translation>Die fehlgeschlagenen und fehlenden Anfragen der ausgewählten Batches als neue, verknüpfte Batches einreihen</translation>
    </message>
    <message>
        <source>Resumed: checking with the server, then continuing where things stopped</source>
        <translation>Fortgesetzt: Abgleich mit dem Server, dann geht es dort weiter, wo es aufgehört hat</translation>
    </message>
    <message>
        <source>Paused: nothing new starts; Resume continues</source>
        <translation>Pausiert: Nichts Neues startet; „Fortsetzen“ macht weiter</translation>
    </message>
    <message numerus="yes">
        <source>Cancelling or holding %n batch(es)</source>
        <translation>
            <numerusform>%n Batch wird abgebrochen oder zurückgehalten</numerusform>
            <numerusform>%n Batches werden abgebrochen oder zurückgehalten</numerusform>
        </translation>
    </message>
    <message>
        <source>No finished job is waiting for its results</source>
        <translation>Kein fertiger Job wartet auf seine Ergebnisse</translation>
    </message>
    <message numerus="yes">
        <source>Downloading the results of %n batch(es)</source>
        <translation>
            <numerusform>Die Ergebnisse von %n Batch werden heruntergeladen</numerusform>
            <numerusform>Die Ergebnisse von %n Batches werden heruntergeladen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n batch(es) now</source>
        <translation>
            <numerusform>%n Batch wird jetzt hochgeladen</numerusform>
            <numerusform>%n Batches werden jetzt hochgeladen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Creating %n job(s) now</source>
        <translation>
            <numerusform>%n Job wird jetzt erstellt</numerusform>
            <numerusform>%n Jobs werden jetzt erstellt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying %n batch(es) again</source>
        <translation>
            <numerusform>%n Batch wird erneut versucht</numerusform>
            <numerusform>%n Batches werden erneut versucht</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n file(s) again</source>
        <translation>
            <numerusform>%n Datei wird erneut hochgeladen</numerusform>
            <numerusform>%n Dateien werden erneut hochgeladen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n remote file(s)</source>
        <translation>
            <numerusform>%n entfernte Datei wird gelöscht</numerusform>
            <numerusform>%n entfernte Dateien werden gelöscht</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resubmission(s) queued; Resume runs them</source>
        <translation>
            <numerusform>%n erneute Übermittlung eingereiht; „Fortsetzen“ führt sie aus</numerusform>
            <numerusform>%n erneute Übermittlungen eingereiht; „Fortsetzen“ führt sie aus</numerusform>
        </translation>
    </message>
    <message>
        <source>None of the selected batches has failed keys to resubmit</source>
        <translation>Keiner der ausgewählten Batches hat fehlgeschlagene Schlüssel zum erneuten Übermitteln</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This does not apply to any of the selected batches</source>
        <translation>Das betrifft keinen der ausgewählten Batches</translation>
    </message>
    <message>
        <source>%1 (%2 of the selected batches did not apply)</source>
        <translation>%1 (%2 der ausgewählten Batches waren nicht betroffen)</translation>
    </message>
    <message>
        <source>Nothing to cancel</source>
        <translation>Nichts abzubrechen</translation>
    </message>
    <message>
        <source>Cancel all batches?</source>
        <translation>Alle Batches abbrechen?</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n batch(es)? Jobs on the server are cancelled (requests they already finished are kept); batches without a job are held until you retry them.</source>
        <translation>
            <numerusform>%n Batch abbrechen? Jobs auf dem Server werden abgebrochen (bereits fertige Anfragen bleiben erhalten); Batches ohne Job werden zurückgehalten, bis Sie sie erneut versuchen.</numerusform>
            <numerusform>%n Batches abbrechen? Jobs auf dem Server werden abgebrochen (bereits fertige Anfragen bleiben erhalten); Batches ohne Job werden zurückgehalten, bis Sie sie erneut versuchen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>Alle abbrechen</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>Weiterlaufen lassen</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n job name(s)</source>
        <translation>
            <numerusform>%n Job-Name kopiert</numerusform>
            <numerusform>%n Job-Namen kopiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n file URI(s)</source>
        <translation>
            <numerusform>%n Datei-URI kopiert</numerusform>
            <numerusform>%n Datei-URIs kopiert</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::BatchTableModel</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>upload slot</source>
        <translation>Upload-Platz</translation>
    </message>
    <message>
        <source>rate limit</source>
        <translation>Ratenlimit</translation>
    </message>
    <message>
        <source>daily quota</source>
        <translation>Tageskontingent</translation>
    </message>
    <message>
        <source>batch capacity</source>
        <translation>Batch-Kapazität</translation>
    </message>
    <message>
        <source>concurrent batch limit</source>
        <translation>Limit gleichzeitiger Batches</translation>
    </message>
    <message>
        <source>enqueued token limit</source>
        <translation>Limit eingereihter Tokens</translation>
    </message>
    <message>
        <source>file storage limit</source>
        <translation>Dateispeicherlimit</translation>
    </message>
    <message>
        <source>file too close to expiry</source>
        <translation>Datei läuft zu bald ab</translation>
    </message>
    <message>
        <source>spend cap</source>
        <translation>Ausgabengrenze</translation>
    </message>
    <message>
        <source>retrying after an error</source>
        <translation>neuer Versuch nach einem Fehler</translation>
    </message>
    <message>
        <source>held</source>
        <translation>zurückgehalten</translation>
    </message>
    <message>
        <source>needs your attention</source>
        <translation>braucht Ihre Aufmerksamkeit</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>Nicht hochgeladen</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Wird hochgeladen</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Hochgeladen</translation>
    </message>
    <message>
        <source>File expired</source>
        <translation>Datei abgelaufen</translation>
    </message>
    <message>
        <source>Creating job</source>
        <translation>Job wird erstellt</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Downloading results</source>
        <translation>Ergebnisse werden heruntergeladen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Job failed</source>
        <translation>Job fehlgeschlagen</translation>
    </message>
    <message>
        <source>Job cancelled</source>
        <translation>Job abgebrochen</translation>
    </message>
    <message>
        <source>Job expired</source>
        <translation>Job abgelaufen</translation>
    </message>
    <message>
        <source>The price table has no row for this model</source>
        <translation>Die Preistabelle hat keine Zeile für dieses Modell</translation>
    </message>
    <message>
        <source>Estimate %1 (non-batch price %2)</source>
        <translation>Schätzung %1 (Nicht-Batch-Preis %2)</translation>
    </message>
    <message>
        <source>Actual %1 (non-batch price %2)</source>
        <translation>Tatsächlich %1 (Nicht-Batch-Preis %2)</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>%1 / ETA %2</source>
        <translation>%1 / Restzeit %2</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>kein Preis</translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>Wartet: %1</translation>
    </message>
    <message>
        <source>Waiting: %1, next try %2</source>
        <translation>Wartet: %1, nächster Versuch %2</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>File expires in</source>
        <translation>Datei läuft ab in</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Elapsed / ETA</source>
        <translation>Vergangen / Restzeit</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>the first job runs alone</source>
        <translation>der erste Job läuft allein</translation>
    </message>
    <message>
        <source>paused: a job&apos;s lines failed</source>
        <translation>pausiert: die Zeilen eines Jobs sind fehlgeschlagen</translation>
    </message>
    <message>
        <source>needs your attention: choose another model in Settings › Work</source>
        <translation>braucht Ihre Aufmerksamkeit: wählen Sie unter Einstellungen › Arbeit ein anderes Modell</translation>
    </message>
    <message>
        <source>stopped by billing</source>
        <translation>durch die Abrechnung gestoppt</translation>
    </message>
</context>
<context>
    <name>bb::BatchTableView</name>
    <message>
        <source>Batches</source>
        <translation>Batches</translation>
    </message>
    <message>
        <source>One row per batch file with its state, progress and deadlines</source>
        <translation>Eine Zeile pro Batch-Datei mit Status, Fortschritt und Fristen</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Reset columns</source>
        <translation>Spalten zurücksetzen</translation>
    </message>
</context>
<context>
    <name>bb::BreakdownChart</name>
    <message>
        <source>Batches by state</source>
        <translation>Batches nach Status</translation>
    </message>
    <message>
        <source>No batches yet</source>
        <translation>Noch keine Batches</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 of %2 batches done</source>
        <translation>%1 von %2 Batches fertig</translation>
    </message>
</context>
<context>
    <name>bb::ConnectionTester</name>
    <message>
        <source>This base URL is not allowed: %1</source>
        <translation>Diese Basis-URL ist nicht erlaubt: %1</translation>
    </message>
    <message>
        <source>Connected: the server accepted the key.</source>
        <translation>Verbunden: Der Server hat den Schlüssel akzeptiert.</translation>
    </message>
    <message>
        <source>The server refused the key: %1</source>
        <translation>Der Server hat den Schlüssel abgelehnt: %1</translation>
    </message>
    <message>
        <source>Connected, but the server is rate-limiting this key right now (429).</source>
        <translation>Verbunden, aber der Server drosselt diesen Schlüssel gerade (429).</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>Verbindung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The proxy stopped the request: %1</source>
        <translation>Der Proxy hat die Anfrage aufgehalten: %1</translation>
    </message>
</context>
<context>
    <name>bb::CostChart</name>
    <message>
        <source>Spend over time</source>
        <translation>Ausgaben im Zeitverlauf</translation>
    </message>
    <message>
        <source>Spent (batch price)</source>
        <translation>Ausgegeben (Batch-Preis)</translation>
    </message>
    <message>
        <source>Same tokens at the non-batch price</source>
        <translation>Gleiche Tokens zum Nicht-Batch-Preis</translation>
    </message>
    <message>
        <source>Projected total</source>
        <translation>Voraussichtliche Gesamtsumme</translation>
    </message>
    <message>
        <source>Projected at the non-batch price</source>
        <translation>Voraussichtlich zum Nicht-Batch-Preis</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Schätzung</translation>
    </message>
    <message>
        <source>Spend cap</source>
        <translation>Ausgabengrenze</translation>
    </message>
    <message>
        <source>Spend over time (USD)</source>
        <translation>Ausgaben im Zeitverlauf (USD)</translation>
    </message>
</context>
<context>
    <name>bb::CostSettingsPage</name>
    <message>
        <source>Create no job that would take the projected spend past</source>
        <translation>Keinen Job erstellen, der die voraussichtlichen Ausgaben über diesen Betrag brächte:</translation>
    </message>
    <message>
        <source>Prices of this project (USD per 1M tokens, interactive price)</source>
        <translation>Preise dieses Projekts (USD pro 1 Mio. Tokens, interaktiver Preis)</translation>
    </message>
    <message>
        <source>The Batch API charges the batch factor of these prices (0.5 = 50%); cache hits are billed like non-batch. Thinking tokens of 2.5 models are billed as output. Prompts over 200k tokens use the &gt;200k prices where a model has them.</source>
        <translation>Die Batch-API berechnet den Batch-Faktor dieser Preise (0,5 = 50 %); Cache-Treffer werden wie Nicht-Batch abgerechnet. Denk-Tokens der 2.5-Modelle werden als Ausgabe abgerechnet. Prompts über 200k Tokens nutzen die &gt;200k-Preise, wo ein Modell sie hat.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>Denken</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>Zwischengespeichert</translation>
    </message>
    <message>
        <source>Input &gt;200k</source>
        <translation>Eingabe &gt;200k</translation>
    </message>
    <message>
        <source>Output &gt;200k</source>
        <translation>Ausgabe &gt;200k</translation>
    </message>
    <message>
        <source>Batch factor</source>
        <translation>Batch-Faktor</translation>
    </message>
    <message>
        <source>Price table</source>
        <translation>Preistabelle</translation>
    </message>
    <message>
        <source>Prices as of</source>
        <translation>Preise vom</translation>
    </message>
    <message>
        <source>&amp;Add model</source>
        <translation>Modell &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove model</source>
        <translation>Modell &amp;entfernen</translation>
    </message>
    <message>
        <source>Restore &amp;Google&apos;s prices of %1</source>
        <translation>&amp;Googles Preise vom %1 wiederherstellen</translation>
    </message>
    <message>
        <source>Before the first results arrive</source>
        <translation>Bevor die ersten Ergebnisse eintreffen</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>Expected &amp;output per request:</source>
        <translation>Erwartete &amp;Ausgabe pro Anfrage:</translation>
    </message>
    <message>
        <source>Expected &amp;thinking per request:</source>
        <translation>Erwartetes &amp;Denken pro Anfrage:</translation>
    </message>
    <message>
        <source>Results replace these guesses: their usage metadata calibrates prompt tokens per byte and the output and thinking per request.</source>
        <translation>Ergebnisse ersetzen diese Annahmen: Ihre Nutzungsdaten kalibrieren die Prompt-Tokens pro Byte sowie Ausgabe und Denken pro Anfrage.</translation>
    </message>
    <message>
        <source>Spend cap</source>
        <translation>Ausgabengrenze</translation>
    </message>
    <message>
        <source>Spend cap in US dollars</source>
        <translation>Ausgabengrenze in US-Dollar</translation>
    </message>
    <message>
        <source>model-name</source>
        <translation>modellname</translation>
    </message>
</context>
<context>
    <name>bb::CostStatusLabel</name>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Selected ≈ %1 (non-batch %2)</source>
        <translation>Ausgewählt ≈ %1 (Nicht-Batch %2)</translation>
    </message>
    <message>
        <source>Cost ≈ %1 (non-batch %2, saving %3)</source>
        <translation>Kosten ≈ %1 (Nicht-Batch %2, Ersparnis %3)</translation>
    </message>
    <message>
        <source>spent %1</source>
        <translation>ausgegeben %1</translation>
    </message>
    <message>
        <source>cap %1 — the run would pass it</source>
        <translation>Grenze %1 — der Lauf würde sie überschreiten</translation>
    </message>
    <message>
        <source>cap %1</source>
        <translation>Grenze %1</translation>
    </message>
    <message>
        <source>Batch API price (50% of the interactive price); prices as of %1 from %2.</source>
        <translation>Batch-API-Preis (50 % des interaktiven Preises); Preise vom %1 laut %2.</translation>
    </message>
    <message>
        <source>Estimate before the run: %1 (non-batch %2).</source>
        <translation>Schätzung vor dem Lauf: %1 (Nicht-Batch %2).</translation>
    </message>
    <message>
        <source>Calibrated on %1 results: %2 tokens per prompt byte, %3 output and %4 thinking tokens per request.</source>
        <translation>Kalibriert an %1 Ergebnissen: %2 Tokens pro Prompt-Byte, %3 Ausgabe- und %4 Denk-Tokens pro Anfrage.</translation>
    </message>
    <message>
        <source>No results yet: expecting %1 output and %2 thinking tokens per request (Settings → Cost).</source>
        <translation>Noch keine Ergebnisse: erwartet werden %1 Ausgabe- und %2 Denk-Tokens pro Anfrage (Einstellungen → Kosten).</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) use a model without a price.</source>
        <translation>
            <numerusform>%n Batch verwendet ein Modell ohne Preis.</numerusform>
            <numerusform>%n Batches verwenden ein Modell ohne Preis.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) held by the cap (Settings → Cost)</source>
        <translation>
            <numerusform>%n Batch durch die Grenze zurückgehalten (Einstellungen → Kosten)</numerusform>
            <numerusform>%n Batches durch die Grenze zurückgehalten (Einstellungen → Kosten)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::DetailPanel</name>
    <message>
        <source>Copy job name</source>
        <translation>Job-Namen kopieren</translation>
    </message>
    <message>
        <source>Copy file URI</source>
        <translation>Datei-URI kopieren</translation>
    </message>
    <message>
        <source>Batch details</source>
        <translation>Batch-Details</translation>
    </message>
    <message>
        <source>Selected batch</source>
        <translation>Ausgewählter Batch</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>Batch:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Local file:</source>
        <translation>Lokale Datei:</translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation>Anfragen:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Token estimate:</source>
        <translation>Token-Schätzung:</translation>
    </message>
    <message>
        <source>SHA-256:</source>
        <translation>SHA-256:</translation>
    </message>
    <message>
        <source>Next attempt:</source>
        <translation>Nächster Versuch:</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Versuche:</translation>
    </message>
    <message>
        <source>State changed:</source>
        <translation>Status geändert:</translation>
    </message>
    <message>
        <source>Remote file:</source>
        <translation>Entfernte Datei:</translation>
    </message>
    <message>
        <source>File URI:</source>
        <translation>Datei-URI:</translation>
    </message>
    <message>
        <source>File expires:</source>
        <translation>Datei läuft ab:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Job:</source>
        <translation>Job:</translation>
    </message>
    <message>
        <source>Job created:</source>
        <translation>Job erstellt:</translation>
    </message>
    <message>
        <source>Job ended:</source>
        <translation>Job beendet:</translation>
    </message>
    <message>
        <source>Outcomes:</source>
        <translation>Ergebnisse:</translation>
    </message>
    <message>
        <source>Results file:</source>
        <translation>Ergebnisdatei:</translation>
    </message>
    <message>
        <source>Resubmission of:</source>
        <translation>Erneute Übermittlung von:</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>No error</source>
        <translation>Kein Fehler</translation>
    </message>
    <message>
        <source>Event history of the batch</source>
        <translation>Ereignisverlauf des Batches</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Select a batch to see its details</source>
        <translation>Wählen Sie einen Batch, um seine Details zu sehen</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 Bytes)</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>etwa %1</translation>
    </message>
    <message>
        <source>%1 (in %2)</source>
        <translation>%1 (in %2)</translation>
    </message>
    <message>
        <source>%1 succeeded · %2 failed · %3 pending</source>
        <translation>%1 erfolgreich · %2 fehlgeschlagen · %3 ausstehend</translation>
    </message>
</context>
<context>
    <name>bb::Engine</name>
    <message>
        <source>cannot create the results folder %1</source>
        <translation>Der Ergebnisordner %1 kann nicht erstellt werden</translation>
    </message>
    <message>
        <source>the results file is no longer available on the server; resubmit the batch&apos;s keys (%1)</source>
        <translation>Die Ergebnisdatei ist auf dem Server nicht mehr verfügbar; übermitteln Sie die Schlüssel des Batches erneut (%1)</translation>
    </message>
    <message>
        <source>cannot read the downloaded results %1: %2</source>
        <translation>Die heruntergeladenen Ergebnisse %1 können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>the job no longer exists on the server (%1)</source>
        <translation>Der Job existiert auf dem Server nicht mehr (%1)</translation>
    </message>
    <message>
        <source>the batch job failed</source>
        <translation>Der Batch-Job ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>the job stayed pending or running for 48 hours and expired</source>
        <translation>Der Job blieb 48 Stunden ausstehend oder laufend und ist abgelaufen</translation>
    </message>
    <message>
        <source>%1 no longer exists</source>
        <translation>%1 existiert nicht mehr</translation>
    </message>
    <message>
        <source>%1 changed since it was imported; import it again</source>
        <translation>%1 hat sich seit dem Import geändert; importieren Sie die Datei erneut</translation>
    </message>
    <message>
        <source>the uploaded bytes do not match the file (sha256 %1, expected %2)</source>
        <translation>Die hochgeladenen Bytes stimmen nicht mit der Datei überein (sha256 %1, erwartet %2)</translation>
    </message>
    <message numerus="yes">
        <source>lists %n local file(s) and nothing on the server; nothing to adopt</source>
        <translation>
            <numerusform>führt %n lokale Datei und nichts auf dem Server auf; nichts zu übernehmen</numerusform>
            <numerusform>führt %n lokale Dateien und nichts auf dem Server auf; nichts zu übernehmen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>lists %n batch(es) as failed (%1); nothing to adopt for them, and the server has the final word</source>
        <translation>
            <numerusform>führt %n Batch als fehlgeschlagen auf (%1); für ihn gibt es nichts zu übernehmen, und das letzte Wort hat der Server</numerusform>
            <numerusform>führt %n Batches als fehlgeschlagen auf (%1); für sie gibt es nichts zu übernehmen, und das letzte Wort hat der Server</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) are not in the project yet; what the report says about them is adopted when their files are imported</source>
        <translation>
            <numerusform>%n Batch ist noch nicht im Projekt; was der Bericht über ihn sagt, wird übernommen, sobald seine Datei importiert wird</numerusform>
            <numerusform>%n Batches sind noch nicht im Projekt; was der Bericht über sie sagt, wird übernommen, sobald ihre Dateien importiert werden</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 jobs and %2 uploaded files adopted, %3 already known</source>
        <translation>%1 Jobs und %2 hochgeladene Dateien übernommen, %3 bereits bekannt</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have no number in their name; they are batches without a number.</source>
        <translation>
            <numerusform>%n Datei hat keine Nummer im Namen; sie ist ein Batch ohne Nummer.</numerusform>
            <numerusform>%n Dateien haben keine Nummer im Namen; sie sind Batches ohne Nummer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) have no &quot;key&quot;; each is named after its batch and line (batch_011_proper#line1) in the results and the export.</source>
        <translation>
            <numerusform>%n Anfrage hat kein „key“; sie wird in den Ergebnissen und im Export nach ihrem Batch und ihrer Zeile benannt (batch_011_proper#line1).</numerusform>
            <numerusform>%n Anfragen haben kein „key“; jede wird in den Ergebnissen und im Export nach ihrem Batch und ihrer Zeile benannt (batch_011_proper#line1).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) start with a UTF-8 byte-order mark; it is skipped.</source>
        <translation>
            <numerusform>%n Datei beginnt mit einer UTF-8-Bytereihenfolge-Markierung (BOM); die Markierung wird übersprungen.</numerusform>
            <numerusform>%n Dateien beginnen mit einer UTF-8-Bytereihenfolge-Markierung (BOM); die Markierung wird übersprungen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have Windows (CRLF) line ends; they are read as they are.</source>
        <translation>
            <numerusform>%n Datei hat Windows-Zeilenenden (CRLF); sie wird unverändert gelesen.</numerusform>
            <numerusform>%n Dateien haben Windows-Zeilenenden (CRLF); sie werden unverändert gelesen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) end without a final newline; their last line is read as a request.</source>
        <translation>
            <numerusform>%n Datei endet ohne abschließenden Zeilenumbruch; ihre letzte Zeile wird als Anfrage gelesen.</numerusform>
            <numerusform>%n Dateien enden ohne abschließenden Zeilenumbruch; ihre letzte Zeile wird als Anfrage gelesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>may already be submitted as %1 (its input file is gone, so this cannot be proven); check, then Retry to create a job anyway</source>
        <translation>Möglicherweise bereits als %1 übermittelt (die Eingabedatei ist nicht mehr vorhanden, daher lässt sich das nicht belegen); prüfen Sie das und wählen Sie dann „Erneut versuchen“, um trotzdem einen Job zu erstellen</translation>
    </message>
    <message>
        <source>cannot write the copy with keys added: %1</source>
        <translation>Die Kopie mit ergänzten Schlüsseln kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 lines failed (%4); new jobs wait until you continue anyway</source>
        <translation>%1: %2 von %3 Zeilen fehlgeschlagen (%4); neue Jobs warten, bis Sie trotzdem fortfahren</translation>
    </message>
    <message>
        <source>the model %1 is not available to this key (%2); needs your attention: choose another model in Settings › Work</source>
        <translation>das Modell %1 ist für diesen Schlüssel nicht verfügbar (%2); braucht Ihre Aufmerksamkeit: wählen Sie unter Einstellungen › Arbeit ein anderes Modell</translation>
    </message>
    <message>
        <source>creating jobs stopped by billing (%1); waiting will not help. Fix it at %2, then press Resume. Jobs already created still finish.</source>
        <translation>das Erstellen von Jobs wurde durch die Abrechnung gestoppt (%1); Warten hilft nicht. Beheben Sie es unter %2 und drücken Sie dann „Fortsetzen“. Bereits erstellte Jobs laufen zu Ende.</translation>
    </message>
</context>
<context>
    <name>bb::EventLogModel</name>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Level</source>
        <comment>severity of a log entry</comment>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
</context>
<context>
    <name>bb::ExportController</name>
    <message>
        <source>Export failed, %1 was not written: %2</source>
        <translation>Export fehlgeschlagen, %1 wurde nicht geschrieben: %2</translation>
    </message>
    <message>
        <source>Exported %1 lines to %2: %3 succeeded, %4 failed, %5 blocked, %6 without a result</source>
        <translation>%1 Zeilen nach %2 exportiert: %3 erfolgreich, %4 fehlgeschlagen, %5 blockiert, %6 ohne Ergebnis</translation>
    </message>
    <message>
        <source>Spent %1 at the batch price (%2 at the non-batch price).</source>
        <translation>Ausgegeben: %1 zum Batch-Preis (%2 zum Nicht-Batch-Preis).</translation>
    </message>
</context>
<context>
    <name>bb::FailureAlarmBar</name>
    <message>
        <source>&amp;Continue anyway</source>
        <translation>&amp;Trotzdem fortfahren</translation>
    </message>
    <message>
        <source>New jobs paused</source>
        <translation>Neue Jobs pausiert</translation>
    </message>
    <message>
        <source>Create the remaining jobs although this one&apos;s lines failed</source>
        <translation>Die übrigen Jobs anlegen, obwohl die Zeilen dieses Jobs fehlgeschlagen sind</translation>
    </message>
    <message>
        <source>New jobs paused. %1</source>
        <translation>Neue Jobs pausiert. %1</translation>
    </message>
    <message>
        <source>New jobs stopped: %1</source>
        <translation>Neue Jobs gestoppt: %1</translation>
    </message>
    <message>
        <source>Open the &amp;billing page</source>
        <translation>&amp;Abrechnungsseite öffnen</translation>
    </message>
    <message>
        <source>Choose a &amp;model…</source>
        <translation>&amp;Modell wählen…</translation>
    </message>
    <message>
        <source>Settings › Work › Model</source>
        <translation>Einstellungen › Arbeit › Modell</translation>
    </message>
</context>
<context>
    <name>bb::FilterSidebar</name>
    <message>
        <source>Batch categories</source>
        <translation>Batch-Kategorien</translation>
    </message>
    <message>
        <source>Shows only the batches of the chosen category; the number is how many are in it</source>
        <translation>Zeigt nur die Batches der gewählten Kategorie; die Zahl gibt an, wie viele darin sind</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n batch(es)</source>
        <extracomment>Accessible text of a sidebar category: &quot;Running, 12 batches&quot;</extracomment>
        <translation>
            <numerusform>%1, %n Batch</numerusform>
            <numerusform>%1, %n Batches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::ImportController</name>
    <message>
        <source>%1: not a folder, .jsonl file or hand-over report</source>
        <translation>%1: kein Ordner, keine .jsonl-Datei und kein Übergabebericht</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>Nichts wurde importiert</translation>
    </message>
    <message>
        <source>Import problems</source>
        <translation>Importprobleme</translation>
    </message>
    <message>
        <source>%1. These files or lines could not be used; fix them and drop them again:</source>
        <translation>%1. Diese Dateien oder Zeilen konnten nicht verwendet werden; beheben Sie die Probleme und ziehen Sie sie erneut hierher:</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>Import abgebrochen</translation>
    </message>
    <message>
        <source>No .jsonl files were found there.</source>
        <translation>Dort wurden keine .jsonl-Dateien gefunden.</translation>
    </message>
    <message>
        <source>%1: skipped (%2)</source>
        <translation>%1: übersprungen (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n more problem(s) not shown</source>
        <translation>
            <numerusform>%1: %n weiteres Problem nicht angezeigt</numerusform>
            <numerusform>%1: %n weitere Probleme nicht angezeigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added</source>
        <translation>
            <numerusform>%n Datei hinzugefügt</numerusform>
            <numerusform>%n Dateien hinzugefügt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n already in the project</source>
        <translation>
            <numerusform>, %n bereits im Projekt</numerusform>
            <numerusform>, %n bereits im Projekt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n updated</source>
        <translation>
            <numerusform>, %n aktualisiert</numerusform>
            <numerusform>, %n aktualisiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n not imported</source>
        <translation>
            <numerusform>, %n nicht importiert</numerusform>
            <numerusform>, %n nicht importiert</numerusform>
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
        <translation>%1: In diesem Bericht wurden keine Batch-Jobs oder Uploads gefunden</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n job(s) and %2 upload(s) adopted, %3 already known</source>
        <translation>
            <numerusform>%1: %n Job und %2 Upload(s) übernommen, %3 bereits bekannt</numerusform>
            <numerusform>%1: %n Jobs und %2 Upload(s) übernommen, %3 bereits bekannt</numerusform>
        </translation>
    </message>
    <message>
        <source>from tracking files read earlier: %1</source>
        <translation>aus früher gelesenen Tracking-Dateien: %1</translation>
    </message>
</context>
<context>
    <name>bb::Importer</name>
    <message>
        <source>hidden file</source>
        <translation>versteckte Datei</translation>
    </message>
    <message>
        <source>not a .jsonl file</source>
        <translation>keine .jsonl-Datei</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>keine reguläre Datei</translation>
    </message>
    <message>
        <source>folder (not scanned without recursive)</source>
        <translation>Ordner (ohne rekursive Suche nicht durchsucht)</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>Datei oder Ordner existiert nicht</translation>
    </message>
    <message>
        <source>batch %1 has two different %2 names (%3 and %4); keeping %3</source>
        <translation>Batch %1 hat zwei verschiedene %2-Namen (%3 und %4); %3 wird behalten</translation>
    </message>
    <message>
        <source>more than %1 pending batches; the rest is ignored</source>
        <translation>mehr als %1 ausstehende Batches; der Rest wird ignoriert</translation>
    </message>
    <message>
        <source>table row without a header row</source>
        <translation>Tabellenzeile ohne Kopfzeile</translation>
    </message>
    <message>
        <source>row has no batch number</source>
        <translation>Zeile hat keine Batch-Nummer</translation>
    </message>
    <message>
        <source>row names neither a batch job nor a file</source>
        <translation>Zeile nennt weder einen Batch-Job noch eine Datei</translation>
    </message>
    <message>
        <source>not JSON: %1</source>
        <translation>kein JSON: %1</translation>
    </message>
    <message>
        <source>expected a JSON object at the top level</source>
        <translation>JSON-Objekt auf oberster Ebene erwartet</translation>
    </message>
    <message>
        <source>%1: unrecognised item</source>
        <translation>%1: unbekannter Eintrag</translation>
    </message>
    <message>
        <source>%1: item has no batch number</source>
        <translation>%1: Eintrag hat keine Batch-Nummer</translation>
    </message>
    <message>
        <source>%1: batch %2 names neither a job nor a file</source>
        <translation>%1: Batch %2 nennt weder einen Job noch eine Datei</translation>
    </message>
    <message>
        <source>duplicate key %1 (first seen at line %2)</source>
        <translation>doppelter Schlüssel %1 (zuerst in Zeile %2)</translation>
    </message>
    <message>
        <source>no requests (only blank lines)</source>
        <translation>keine Anfragen (nur Leerzeilen)</translation>
    </message>
    <message>
        <source>line too long (%1 bytes, limit %2)</source>
        <translation>Zeile zu lang (%1 Bytes, Grenze %2)</translation>
    </message>
    <message>
        <source>blank line</source>
        <translation>Leerzeile</translation>
    </message>
    <message>
        <source>%1 blank lines (%2-%3)</source>
        <translation>%1 Leerzeilen (%2–%3)</translation>
    </message>
    <message>
        <source>is a folder</source>
        <translation>ist ein Ordner</translation>
    </message>
    <message>
        <source>file is %1 bytes, over the limit of %2 bytes</source>
        <translation>Datei hat %1 Bytes, über der Grenze von %2 Bytes</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>leere Datei</translation>
    </message>
    <message>
        <source>file changed while being read (%1 bytes when opened, %2 read)</source>
        <translation>Datei hat sich beim Lesen geändert (%1 Bytes beim Öffnen, %2 gelesen)</translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation>ungültiges UTF-8</translation>
    </message>
    <message>
        <source>%1 (found %2)</source>
        <translation>%1 (gefunden: %2)</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>kein Speicher mehr</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>kein JSON-Objekt</translation>
    </message>
    <message>
        <source>&quot;key&quot; is not a string</source>
        <translation>„key“ ist keine Zeichenkette</translation>
    </message>
    <message>
        <source>empty &quot;key&quot;</source>
        <translation>„key“ ist leer</translation>
    </message>
    <message>
        <source>missing &quot;request&quot;</source>
        <translation>„request“ fehlt</translation>
    </message>
    <message>
        <source>&quot;request&quot; is not an object</source>
        <translation>„request“ ist kein Objekt</translation>
    </message>
    <message>
        <source>the summary says %1 batches were created, but the tables list %2 jobs; the rows are used</source>
        <translation>die Zusammenfassung nennt %1 erstellte Batches, aber die Tabellen führen %2 Jobs auf; die Zeilen werden verwendet</translation>
    </message>
    <message>
        <source>the summary says %1 batches were uploaded, but the tables list %2 uploads without a job; the rows are used</source>
        <translation>die Zusammenfassung nennt %1 hochgeladene Batches, aber die Tabellen führen %2 Uploads ohne Job auf; die Zeilen werden verwendet</translation>
    </message>
    <message>
        <source>%1: says %2 batches, but %3-%4 is %5; the range is used</source>
        <translation>%1: nennt %2 Batches, aber %3-%4 sind %5; der Bereich wird verwendet</translation>
    </message>
</context>
<context>
    <name>bb::LimitChart</name>
    <message>
        <source>Used</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Grenze</translation>
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
        <translation>Batches, Dateien, Jobs, Fehler durchsuchen  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search batches</source>
        <translation>Batches durchsuchen</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Checking the files…</source>
        <translation>Dateien werden geprüft…</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Import hand-over &amp;report…</source>
        <translation>Übergabe&amp;bericht importieren…</translation>
    </message>
    <message>
        <source>Adopt the jobs and uploads listed in a markdown submission report or JSON progress file</source>
        <translation>Die Jobs und Uploads aus einem Markdown-Übermittlungsbericht oder einer JSON-Fortschrittsdatei übernehmen</translation>
    </message>
    <message>
        <source>&amp;Open or create project…</source>
        <translation>Projekt ö&amp;ffnen oder anlegen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <source>&amp;Batch</source>
        <translation>&amp;Batch</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Batchboard</source>
        <translation>Ü&amp;ber Batchboard</translation>
    </message>
    <message>
        <source>About Batchboard</source>
        <translation>Über Batchboard</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Batchboard %1&lt;/h3&gt;&lt;p&gt;Takes a folder of Gemini Batch API JSONL files to every result downloaded, through quota errors, expiring uploads and restarts.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Batchboard %1&lt;/h3&gt;&lt;p&gt;Bringt einen Ordner mit JSONL-Dateien für die Gemini-Batch-API bis zum letzten heruntergeladenen Ergebnis – trotz Kontingentfehlern, ablaufender Uploads und Neustarts.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Run state</source>
        <translation>Laufstatus</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Importfortschritt</translation>
    </message>
    <message>
        <source>Stopped: %1 — fix the cause, then press Resume</source>
        <translation>Angehalten: %1 — beheben Sie die Ursache und klicken Sie dann auf „Fortsetzen“</translation>
    </message>
    <message>
        <source>Batchboard — Sandbox</source>
        <translation>Batchboard — Sandbox</translation>
    </message>
    <message>
        <source>Batchboard — %1</source>
        <translation>Batchboard — %1</translation>
    </message>
    <message>
        <source>Sandbox emulator</source>
        <translation>Sandbox-Emulator</translation>
    </message>
    <message>
        <source>Gemini API: %1</source>
        <translation>Gemini-API: %1</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>Kein Projekt geöffnet</translation>
    </message>
    <message>
        <source>Open a project to start</source>
        <translation>Öffnen Sie ein Projekt, um zu beginnen</translation>
    </message>
    <message>
        <source>Drop to add these files to the project</source>
        <translation>Loslassen, um diese Dateien zum Projekt hinzuzufügen</translation>
    </message>
    <message>
        <source>An import is still running; drop again when it is done</source>
        <translation>Ein Import läuft noch; ziehen Sie die Dateien erneut hierher, wenn er fertig ist</translation>
    </message>
    <message>
        <source>Add a folder of batch files</source>
        <translation>Einen Ordner mit Batch-Dateien hinzufügen</translation>
    </message>
    <message>
        <source>An import is still running; try again when it is done</source>
        <translation>Ein Import läuft noch; versuchen Sie es erneut, wenn er fertig ist</translation>
    </message>
    <message>
        <source>Import a hand-over report</source>
        <translation>Einen Übergabebericht importieren</translation>
    </message>
    <message>
        <source>Hand-over reports (*.md *.markdown *.json);;All files (*)</source>
        <translation>Übergabeberichte (*.md *.markdown *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>Ergebnisse exportieren</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Exporting results…</source>
        <translation>Ergebnisse werden exportiert…</translation>
    </message>
    <message>
        <source>Open or create a project</source>
        <translation>Ein Projekt öffnen oder anlegen</translation>
    </message>
    <message>
        <source>Batchboard projects (*.batchboard);;All files (*)</source>
        <translation>Batchboard-Projekte (*.batchboard);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>bb::Naming</name>
    <message>
        <source>Batch numbers are read from the file names: the number in the name, or the last one when there are several (batch_011_proper.jsonl is batch 11).</source>
        <translation>Batch-Nummern werden aus den Dateinamen gelesen: die Zahl im Namen oder, wenn es mehrere gibt, die letzte (batch_011_proper.jsonl ist Batch 11).</translation>
    </message>
</context>
<context>
    <name>bb::ProblemListDialog</name>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>&amp;Copy list</source>
        <translation>Liste &amp;kopieren</translation>
    </message>
</context>
<context>
    <name>bb::ProgressChart</name>
    <message>
        <source>Progress over time</source>
        <translation>Fortschritt im Zeitverlauf</translation>
    </message>
    <message>
        <source>Estimated end</source>
        <translation>Voraussichtliches Ende</translation>
    </message>
    <message>
        <source>Batches by state over time</source>
        <translation>Batches nach Status im Zeitverlauf</translation>
    </message>
    <message>
        <source>Batches by state — estimated end %1 (in under a minute)</source>
        <translation>Batches nach Status — voraussichtliches Ende %1 (in unter einer Minute)</translation>
    </message>
    <message numerus="yes">
        <source>Batches by state — estimated end %1 (in %n min)</source>
        <translation>
            <numerusform>Batches nach Status — voraussichtliches Ende %1 (in %n Min.)</numerusform>
            <numerusform>Batches nach Status — voraussichtliches Ende %1 (in %n Min.)</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches by state — all done</source>
        <translation>Batches nach Status — alles erledigt</translation>
    </message>
</context>
<context>
    <name>bb::ProxyLoginDialog</name>
    <message>
        <source>&amp;Remember the password in the system keychain</source>
        <translation>Passwort im System-Schlüsselbund &amp;merken</translation>
    </message>
    <message>
        <source>Proxy sign-in</source>
        <translation>Proxy-Anmeldung</translation>
    </message>
    <message>
        <source>The proxy at &lt;b&gt;%1&lt;/b&gt; refused the user name and password. Enter them again; the run goes on once the proxy accepts them.</source>
        <translation>Der Proxy unter &lt;b&gt;%1&lt;/b&gt; hat Benutzername und Passwort abgelehnt. Geben Sie sie erneut ein; der Lauf geht weiter, sobald der Proxy sie annimmt.</translation>
    </message>
    <message>
        <source>The proxy at &lt;b&gt;%1&lt;/b&gt; asks for a user name and password before any request reaches the Gemini API. The run goes on once the proxy accepts them.</source>
        <translation>Der Proxy unter &lt;b&gt;%1&lt;/b&gt; verlangt Benutzername und Passwort, bevor eine Anfrage die Gemini-API erreicht. Der Lauf geht weiter, sobald der Proxy sie annimmt.</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Proxy-Benutzername</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Proxy-Passwort</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Sign in and resume</source>
        <translation>&amp;Anmelden und fortsetzen</translation>
    </message>
</context>
<context>
    <name>bb::ProxyLoginPrompt</name>
    <message>
        <source>The proxy password for %1 was not saved in the keychain (%2); it is used until Batchboard quits.</source>
        <translation>Das Proxy-Passwort für %1 wurde nicht im Schlüsselbund gespeichert (%2); es gilt, bis Batchboard beendet wird.</translation>
    </message>
</context>
<context>
    <name>bb::QtChartsPanel</name>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Active jobs: %1 of %2 allowed (%3%)</source>
        <translation>Aktive Jobs: %1 von %2 erlaubt (%3 %)</translation>
    </message>
    <message>
        <source>File storage: %1 of %2 (%3%)</source>
        <translation>Dateispeicher: %1 von %2 (%3 %)</translation>
    </message>
    <message>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <source>Enqueued tokens: %1 of %2 (%3%)</source>
        <translation>Eingereihte Tokens: %1 von %2 (%3 %)</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 Mio.</translation>
    </message>
    <message>
        <source>M</source>
        <translation>Mio.</translation>
    </message>
    <message>
        <source>Next retry</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <source>Time left until the next retry</source>
        <translation>Verbleibende Zeit bis zum nächsten Versuch</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>Kontingent</translation>
    </message>
    <message>
        <source>No batch is waiting for quota.</source>
        <translation>Kein Batch wartet auf Kontingent.</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) waiting for %1: the next one starts as soon as a running job finishes</source>
        <translation>
            <numerusform>%n Batch wartet auf %1: Der nächste startet, sobald ein laufender Job fertig ist</numerusform>
            <numerusform>%n Batches warten auf %1: Der nächste startet, sobald ein laufender Job fertig ist</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Next try in %1 (at %2): %n batch(es) waiting for %3</source>
        <translation>
            <numerusform>Nächster Versuch in %1 (um %2): %n Batch wartet auf %3</numerusform>
            <numerusform>Nächster Versuch in %1 (um %2): %n Batches warten auf %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying again now: %n batch(es) waiting for %1</source>
        <translation>
            <numerusform>Neuer Versuch jetzt: %n Batch wartet auf %1</numerusform>
            <numerusform>Neuer Versuch jetzt: %n Batches warten auf %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Server refused at %1</source>
        <translation>Server lehnte bei %1 ab</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
</context>
<context>
    <name>bb::QuotaTimelineChart</name>
    <message>
        <source>Job creation attempts and quota refusals over time</source>
        <translation>Job-Erstellungsversuche und Kontingentablehnungen im Zeitverlauf</translation>
    </message>
    <message>
        <source>Job creation</source>
        <translation>Job-Erstellung</translation>
    </message>
    <message numerus="yes">
        <source>Create attempts per %n s</source>
        <translation>
            <numerusform>Erstellungsversuche pro %n s</numerusform>
            <numerusform>Erstellungsversuche pro %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refused (429) per %n s</source>
        <translation>
            <numerusform>Abgelehnt (429) pro %n s</numerusform>
            <numerusform>Abgelehnt (429) pro %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Job creation: %1 attempts, %2 refused (429)</source>
        <translation>Job-Erstellung: %1 Versuche, %2 abgelehnt (429)</translation>
    </message>
</context>
<context>
    <name>bb::SandboxBanner</name>
    <message>
        <source>Create &amp;sample batches</source>
        <translation>&amp;Beispiel-Batches erstellen</translation>
    </message>
    <message>
        <source>Use my &amp;API key…</source>
        <translation>Meinen &amp;API-Schlüssel verwenden…</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Sample batches written</source>
        <translation>Beispiel-Batches geschrieben</translation>
    </message>
    <message>
        <source>Write 194 files × 100 requests into a folder and add them, like a real run</source>
        <translation>194 Dateien × 100 Anfragen in einen Ordner schreiben und hinzufügen, wie bei einem echten Lauf</translation>
    </message>
    <message>
        <source>Enter a Gemini API key in Settings to switch to the real API</source>
        <translation>Geben Sie in den Einstellungen einen Gemini-API-Schlüssel ein, um zur echten API zu wechseln</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt; — no API key is set, so Batchboard runs everything against its built-in Gemini emulator (%1), nothing costs money. Its clock runs %2× faster and it refuses jobs beyond %3 at a time, like a quota wall; times shown are emulator time.</source>
        <translation>&lt;b&gt;Sandbox-Modus&lt;/b&gt; — es ist kein API-Schlüssel gesetzt, daher führt Batchboard alles gegen seinen eingebauten Gemini-Emulator aus (%1); nichts kostet Geld. Seine Uhr läuft %2× schneller und er lehnt mehr als %3 Jobs gleichzeitig ab, wie eine Kontingentgrenze; angezeigte Zeiten sind Emulatorzeit.</translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation>%v von %m Dateien</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt; — %n sample batch(es) added. Press &lt;b&gt;Resume&lt;/b&gt; to upload them, create jobs until the emulator&apos;s quota wall, wait, and download every result.</source>
        <translation>
            <numerusform>&lt;b&gt;Sandbox-Modus&lt;/b&gt; — %n Beispiel-Batch hinzugefügt. Klicken Sie auf &lt;b&gt;Fortsetzen&lt;/b&gt;, um ihn hochzuladen, Jobs bis zur Kontingentgrenze des Emulators zu erstellen, zu warten und jedes Ergebnis herunterzuladen.</numerusform>
            <numerusform>&lt;b&gt;Sandbox-Modus&lt;/b&gt; — %n Beispiel-Batches hinzugefügt. Klicken Sie auf &lt;b&gt;Fortsetzen&lt;/b&gt;, um sie hochzuladen, Jobs bis zur Kontingentgrenze des Emulators zu erstellen, zu warten und jedes Ergebnis herunterzuladen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::SettingsDialog</name>
    <message>
        <source>Batchboard Settings</source>
        <translation>Batchboard-Einstellungen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Verbindung</translation>
    </message>
    <message>
        <source>&amp;Work</source>
        <translation>&amp;Arbeit</translation>
    </message>
    <message>
        <source>&amp;Desktop</source>
        <translation>&amp;Desktop</translation>
    </message>
    <message>
        <source>Run batches against</source>
        <translation>Batches ausführen gegen</translation>
    </message>
    <message>
        <source>The &amp;Gemini API, with my API key (billed by Google)</source>
        <translation>Die &amp;Gemini-API, mit meinem API-Schlüssel (von Google abgerechnet)</translation>
    </message>
    <message>
        <source>The built-in &amp;Sandbox emulator (free; nothing leaves this computer)</source>
        <translation>Den eingebauten &amp;Sandbox-Emulator (kostenlos; nichts verlässt diesen Computer)</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Paste the key from Google AI Studio</source>
        <translation>Fügen Sie den Schlüssel aus Google AI Studio ein</translation>
    </message>
    <message>
        <source>Show the key</source>
        <translation>Schlüssel anzeigen</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Basis-URL:</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <translation>Stufe %1</translation>
    </message>
    <message>
        <source>Billing tier</source>
        <translation>Abrechnungsstufe</translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation>S&amp;tufe:</translation>
    </message>
    <message>
        <source>Tier 1</source>
        <translation>Stufe 1</translation>
    </message>
    <message>
        <source>Tier 2</source>
        <translation>Stufe 2</translation>
    </message>
    <message>
        <source>Tier 3</source>
        <translation>Stufe 3</translation>
    </message>
    <message>
        <source>Enqueued token limits per model and tier</source>
        <translation>Limits eingereihter Tokens pro Modell und Stufe</translation>
    </message>
    <message>
        <source>Restore published limits</source>
        <translation>Veröffentlichte Limits wiederherstellen</translation>
    </message>
    <message>
        <source>Token limits:</source>
        <translation>Token-Limits:</translation>
    </message>
    <message>
        <source>Concurrent batch jobs</source>
        <translation>Gleichzeitige Batch-Jobs</translation>
    </message>
    <message>
        <source>&amp;Concurrent jobs:</source>
        <translation>&amp;Gleichzeitige Jobs:</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>File storage limit</source>
        <translation>Dateispeicherlimit</translation>
    </message>
    <message>
        <source>File &amp;storage:</source>
        <translation>Datei&amp;speicher:</translation>
    </message>
    <message>
        <source>Parallel uploads</source>
        <translation>Parallele Uploads</translation>
    </message>
    <message>
        <source>Parallel &amp;uploads:</source>
        <translation>Parallele &amp;Uploads:</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Expiry safety margin</source>
        <translation>Sicherheitsabstand zum Ablauf</translation>
    </message>
    <message>
        <source>Uploaded files expire after 48 hours. A file with less time left than this is uploaded again before a job is created from it.</source>
        <translation>Hochgeladene Dateien laufen nach 48 Stunden ab. Eine Datei mit weniger Restzeit als diesem Wert wird erneut hochgeladen, bevor ein Job daraus erstellt wird.</translation>
    </message>
    <message>
        <source>&amp;Expiry safety margin:</source>
        <translation>Sicherheitsabstand zum &amp;Ablauf:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Polling interval</source>
        <translation>Abfrageintervall</translation>
    </message>
    <message>
        <source>How often job states are checked while they change; Batchboard slows down by itself when nothing moves.</source>
        <translation>Wie oft Job-Status geprüft werden, während sie sich ändern; Batchboard fragt von selbst seltener, wenn sich nichts bewegt.</translation>
    </message>
    <message>
        <source>&amp;Polling interval:</source>
        <translation>Abfrage&amp;intervall:</translation>
    </message>
    <message>
        <source>Notify me when</source>
        <translation>Benachrichtigen, wenn</translation>
    </message>
    <message>
        <source>all batches are &amp;done</source>
        <translation>alle Batches &amp;fertig sind</translation>
    </message>
    <message>
        <source>batches &amp;need attention (failed, cancelled, expired)</source>
        <translation>Batches Aufmerksamkeit &amp;brauchen (fehlgeschlagen, abgebrochen, abgelaufen)</translation>
    </message>
    <message>
        <source>the &amp;daily quota is reached</source>
        <translation>das &amp;Tageskontingent erreicht ist</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>A new language takes effect when Batchboard starts again.</source>
        <translation>Eine neue Sprache wird beim nächsten Start von Batchboard wirksam.</translation>
    </message>
    <message>
        <source>Reading the system keychain…</source>
        <translation>Systemschlüsselbund wird gelesen…</translation>
    </message>
    <message>
        <source>Stored in the system keychain for %1.</source>
        <translation>Im Systemschlüsselbund für %1 gespeichert.</translation>
    </message>
    <message>
        <source>No key stored for %1. Without a key Batchboard runs in Sandbox mode.</source>
        <translation>Kein Schlüssel für %1 gespeichert. Ohne Schlüssel läuft Batchboard im Sandbox-Modus.</translation>
    </message>
    <message>
        <source>No system keychain is available (%1). Batchboard never writes the key to a file, so it cannot be saved here.</source>
        <translation>Kein Systemschlüsselbund verfügbar (%1). Batchboard schreibt den Schlüssel nie in eine Datei, daher kann er hier nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>The keychain refused access (%1). Unlock it and open Settings again.</source>
        <translation>Der Schlüsselbund hat den Zugriff verweigert (%1). Entsperren Sie ihn und öffnen Sie die Einstellungen erneut.</translation>
    </message>
    <message>
        <source>The keychain could not be read: %1</source>
        <translation>Der Schlüsselbund konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Changed from the published %1 million</source>
        <translation>Geändert gegenüber den veröffentlichten %1 Millionen</translation>
    </message>
    <message>
        <source>Saving the key in the system keychain…</source>
        <translation>Schlüssel wird im Systemschlüsselbund gespeichert…</translation>
    </message>
    <message>
        <source>The key was NOT saved: %1. Batchboard never stores it anywhere but the system keychain; clear the field to continue without it.</source>
        <translation>Der Schlüssel wurde NICHT gespeichert: %1. Batchboard speichert ihn ausschließlich im Systemschlüsselbund; leeren Sie das Feld, um ohne Schlüssel fortzufahren.</translation>
    </message>
    <message>
        <source>the keychain refused it</source>
        <translation>der Schlüsselbund hat ihn abgelehnt</translation>
    </message>
    <message>
        <source>Co&amp;st</source>
        <translation>&amp;Kosten</translation>
    </message>
    <message>
        <source>Open a project to choose its model.</source>
        <translation>Öffnen Sie ein Projekt, um sein Modell zu wählen.</translation>
    </message>
    <message>
        <source>Millions of enqueued tokens allowed per model at a time, as Google published them on %1 (the service does not report them). Google changes these; if the server refuses jobs earlier, Batchboard learns the real limit by itself.</source>
        <translation>Millionen eingereihter Tokens, die pro Modell gleichzeitig erlaubt sind, wie Google sie am %1 veröffentlicht hat (der Dienst meldet sie nicht). Google ändert diese Werte; lehnt der Server Jobs früher ab, lernt Batchboard das echte Limit selbst.</translation>
    </message>
    <message>
        <source>the newest stable Flash model the key offers</source>
        <translation>das neueste stabile Flash-Modell, das der Schlüssel anbietet</translation>
    </message>
    <message>
        <source>The key&apos;s models are listed when the project runs; until then any model id may be typed. Empty: Resume chooses the newest stable Flash model.</source>
        <translation>Die Modelle des Schlüssels werden aufgelistet, sobald das Projekt läuft; bis dahin kann jede Modell-ID eingegeben werden. Leer: „Fortsetzen“ wählt das neueste stabile Flash-Modell.</translation>
    </message>
    <message>
        <source>%1 (not offered to this key)</source>
        <translation>%1 (für diesen Schlüssel nicht angeboten)</translation>
    </message>
    <message>
        <source>The models this key offers for batch jobs, as the service lists them.</source>
        <translation>Die Modelle, die dieser Schlüssel für Batch-Jobs anbietet, wie der Dienst sie auflistet.</translation>
    </message>
    <message>
        <source>Change only for a gateway in front of the API. Plain http is refused except to this computer. The key is stored per server host.</source>
        <translation>Nur für ein Gateway vor der API ändern. Unverschlüsseltes http wird abgelehnt, außer zu diesem Computer. Der Schlüssel wird pro Server-Host gespeichert.</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Use the s&amp;ystem&apos;s proxy settings</source>
        <translation>Proxy-Einstellungen des S&amp;ystems verwenden</translation>
    </message>
    <message>
        <source>The https_proxy, http_proxy, all_proxy and no_proxy environment variables, else the desktop&apos;s network settings</source>
        <translation>Die Umgebungsvariablen https_proxy, http_proxy, all_proxy und no_proxy, sonst die Netzwerkeinstellungen des Desktops</translation>
    </message>
    <message>
        <source>No pro&amp;xy: connect directly</source>
        <translation>Kein Pro&amp;xy: direkt verbinden</translation>
    </message>
    <message>
        <source>Use this &amp;proxy:</source>
        <translation>Diesen &amp;Proxy verwenden:</translation>
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
        <translation>Proxy-Typ</translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation>Proxy-Host</translation>
    </message>
    <message>
        <source>proxy.example.com</source>
        <translation>proxy.example.com</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>Proxy-Port</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Proxy-Benutzername</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Proxy-Passwort</translation>
    </message>
    <message>
        <source>This computer (the Sandbox, a local emulator) is always reached directly. The proxy password is kept in the system keychain.</source>
        <translation>Dieser Computer (die Sandbox, ein lokaler Emulator) wird immer direkt erreicht. Das Proxy-Passwort liegt im System-Schlüsselbund.</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>Enter the proxy&apos;s host name, or choose another option.</source>
        <translation>Geben Sie den Host-Namen des Proxys ein oder wählen Sie eine andere Option.</translation>
    </message>
    <message>
        <source>The proxy password was NOT saved: %1. Batchboard keeps it only in the system keychain; clear the field to continue without it.</source>
        <translation>Das Proxy-Passwort wurde NICHT gespeichert: %1. Batchboard bewahrt es nur im System-Schlüsselbund auf; leeren Sie das Feld, um ohne es fortzufahren.</translation>
    </message>
</context>
<context>
    <name>bb::TrayController</name>
    <message>
        <source>Show or hide Batchboard</source>
        <translation>Batchboard anzeigen oder ausblenden</translation>
    </message>
    <message>
        <source>Batchboard — no project open</source>
        <translation>Batchboard — kein Projekt geöffnet</translation>
    </message>
    <message>
        <source>Batchboard — %1
%2</source>
        <translation>Batchboard — %1
%2</translation>
    </message>
    <message>
        <source>All batches are done</source>
        <translation>Alle Batches sind fertig</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) finished and their results are downloaded.</source>
        <translation>
            <numerusform>%n Batch ist fertig und seine Ergebnisse sind heruntergeladen.</numerusform>
            <numerusform>%n Batches sind fertig und ihre Ergebnisse sind heruntergeladen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches need attention</source>
        <translation>Batches brauchen Aufmerksamkeit</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) failed, were cancelled or expired, or need you to act.</source>
        <translation>
            <numerusform>%n Batch ist fehlgeschlagen, wurde abgebrochen oder ist abgelaufen oder braucht Ihr Eingreifen.</numerusform>
            <numerusform>%n Batches sind fehlgeschlagen, wurden abgebrochen oder sind abgelaufen oder brauchen Ihr Eingreifen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Daily quota reached</source>
        <translation>Tageskontingent erreicht</translation>
    </message>
    <message>
        <source>No more jobs can be created today. Batchboard tries again at %1.</source>
        <translation>Heute können keine Jobs mehr erstellt werden. Batchboard versucht es um %1 erneut.</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>%1 needs a value</source>
        <translation>%1 braucht einen Wert</translation>
    </message>
    <message>
        <source>unknown option %1</source>
        <translation>unbekannte Option %1</translation>
    </message>
    <message>
        <source>no command given</source>
        <translation>kein Befehl angegeben</translation>
    </message>
    <message>
        <source>unknown command %1</source>
        <translation>unbekannter Befehl %1</translation>
    </message>
    <message>
        <source>run `batchboard-cli --help` for usage</source>
        <translation>`batchboard-cli --help` zeigt die Verwendung</translation>
    </message>
    <message>
        <source>%1 is open for writing in another program: %2. Close it there, or use a command that only reads (status, export).</source>
        <translation>%1 ist in einem anderen Programm zum Schreiben geöffnet: %2. Schließen Sie es dort oder verwenden Sie einen Befehl, der nur liest (status, export).</translation>
    </message>
    <message>
        <source>%1 was written by a newer Batchboard (schema %2); update Batchboard to open it. The file was not changed.</source>
        <translation>%1 wurde von einem neueren Batchboard geschrieben (Schema %2); aktualisieren Sie Batchboard, um es zu öffnen. Die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>%1 is not a Batchboard project (%2). The file was not changed.</source>
        <translation>%1 ist kein Batchboard-Projekt (%2). Die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>%1 is damaged (%2).</source>
        <translation>%1 ist beschädigt (%2).</translation>
    </message>
    <message>
        <source>cannot use %1: %2</source>
        <translation>%1 kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: skipped (%2)</source>
        <translation>%1: übersprungen (%2)</translation>
    </message>
    <message>
        <source>%1 other files skipped (not .jsonl)</source>
        <translation>%1 weitere Dateien übersprungen (kein .jsonl)</translation>
    </message>
    <message>
        <source>no .jsonl files found in %1</source>
        <translation>keine .jsonl-Dateien in %1 gefunden</translation>
    </message>
    <message>
        <source>%1: %2 more problems not shown</source>
        <translation>%1: %2 weitere Probleme nicht angezeigt</translation>
    </message>
    <message>
        <source>validate needs at least one file or folder</source>
        <translation>validate braucht mindestens eine Datei oder einen Ordner</translation>
    </message>
    <message>
        <source>%1 files, %2 requests, %3 bytes, %4 invalid
</source>
        <translation>%1 Dateien, %2 Anfragen, %3 Bytes, %4 ungültig
</translation>
    </message>
    <message>
        <source>import needs at least one file or folder</source>
        <translation>import braucht mindestens eine Datei oder einen Ordner</translation>
    </message>
    <message>
        <source>%1 added, %2 unchanged, %3 updated, %4 rejected
</source>
        <translation>%1 hinzugefügt, %2 unverändert, %3 aktualisiert, %4 abgelehnt
</translation>
    </message>
    <message>
        <source>import-report needs exactly one report file</source>
        <translation>import-report braucht genau eine Berichtsdatei</translation>
    </message>
    <message>
        <source>%1 is too large to be a hand-over report</source>
        <translation>%1 ist zu groß für einen Übergabebericht</translation>
    </message>
    <message>
        <source>%1 jobs and %2 uploaded files adopted, %3 already known, %4 pending batches listed; Resume verifies them with the server
</source>
        <translation>%1 Jobs und %2 hochgeladene Dateien übernommen, %3 bereits bekannt, %4 ausstehende Batches aufgeführt; resume prüft sie beim Server
</translation>
    </message>
    <message>
        <source>export needs --out FILE</source>
        <translation>export braucht --out FILE</translation>
    </message>
    <message>
        <source>export failed, %1 was not written: %2</source>
        <translation>Export fehlgeschlagen, %1 wurde nicht geschrieben: %2</translation>
    </message>
    <message>
        <source>%1 lines written to %2: %3 succeeded, %4 failed, %5 blocked, %6 without a result
</source>
        <translation>%1 Zeilen nach %2 geschrieben: %3 erfolgreich, %4 fehlgeschlagen, %5 blockiert, %6 ohne Ergebnis
</translation>
    </message>
    <message>
        <source>--spend-cap needs an amount in USD or &quot;none&quot;, not %1</source>
        <translation>--spend-cap braucht einen Betrag in USD oder „none“, nicht %1</translation>
    </message>
    <message>
        <source>refusing base URL %1: %2</source>
        <translation>Basis-URL %1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>no API key: set GEMINI_API_KEY or store one with the desktop app&apos;s Settings</source>
        <translation>kein API-Schlüssel: setzen Sie GEMINI_API_KEY oder speichern Sie einen über die Einstellungen der Desktop-App</translation>
    </message>
    <message>
        <source>no API key: the keychain could not be read (%1); set GEMINI_API_KEY instead</source>
        <translation>kein API-Schlüssel: Der Schlüsselbund konnte nicht gelesen werden (%1); setzen Sie stattdessen GEMINI_API_KEY</translation>
    </message>
    <message>
        <source>%1/%2 downloaded, %3 active jobs</source>
        <translation>%1/%2 heruntergeladen, %3 aktive Jobs</translation>
    </message>
    <message>
        <source>, %1 waiting for quota</source>
        <translation>, %1 warten auf Kontingent</translation>
    </message>
    <message>
        <source>, creates blocked (%1) until %2</source>
        <translation>, Erstellen blockiert (%1) bis %2</translation>
    </message>
    <message>
        <source>, %1 need attention</source>
        <translation>, %1 brauchen Aufmerksamkeit</translation>
    </message>
    <message>
        <source>, %1 waiting: spend cap</source>
        <translation>, %1 warten: Ausgabengrenze</translation>
    </message>
    <message>
        <source>%1 batches need attention (see `status`)</source>
        <translation>%1 Batches brauchen Aufmerksamkeit (siehe `status`)</translation>
    </message>
    <message>
        <source>blocked by the spend cap: %1 batches wait; raise it with resume --spend-cap USD
</source>
        <translation>durch die Ausgabengrenze blockiert: %1 Batches warten; erhöhen Sie sie mit resume --spend-cap USD
</translation>
    </message>
    <message>
        <source>blocked until %1 (%2)
</source>
        <translation>blockiert bis %1 (%2)
</translation>
    </message>
    <message>
        <source>deleting %1 remote files no longer needed
</source>
        <translation>%1 nicht mehr benötigte entfernte Dateien werden gelöscht
</translation>
    </message>
    <message>
        <source>interrupted; run resume again to continue</source>
        <translation>unterbrochen; führen Sie resume erneut aus, um fortzufahren</translation>
    </message>
    <message>
        <source>%1: no batch, job or uploaded file found in this report; nothing was adopted</source>
        <translation>%1: kein Batch, kein Job und keine hochgeladene Datei in diesem Bericht gefunden; nichts wurde übernommen</translation>
    </message>
    <message>
        <source>tracking files read earlier</source>
        <translation>früher gelesene Tracking-Dateien</translation>
    </message>
    <message>
        <source>tracking files read earlier: %1
</source>
        <translation>früher gelesene Tracking-Dateien: %1
</translation>
    </message>
    <message>
        <source>%1: lists %2 local files and nothing on the server; nothing to adopt
</source>
        <translation>%1: führt %2 lokale Dateien und nichts auf dem Server auf; nichts zu übernehmen
</translation>
    </message>
    <message>
        <source>--canary-minutes needs a number of minutes, not %1</source>
        <translation>--canary-minutes braucht eine Anzahl Minuten, nicht %1</translation>
    </message>
    <message>
        <source>paused: %1
look at the results; run resume --continue-anyway to create the remaining jobs</source>
        <translation>pausiert: %1
sehen Sie sich die Ergebnisse an; resume --continue-anyway legt die übrigen Jobs an</translation>
    </message>
    <message>
        <source>could not list the key&apos;s models (%1); using %2 unchecked</source>
        <translation>die Modelle des Schlüssels konnten nicht aufgelistet werden (%1); %2 wird ungeprüft verwendet</translation>
    </message>
    <message>
        <source>--model %1: this key offers no such model for batch jobs
available models: %2</source>
        <translation>--model %1: dieser Schlüssel bietet kein solches Modell für Batch-Jobs an
verfügbare Modelle: %2</translation>
    </message>
    <message>
        <source>
run resume --model NAME with one of: %1</source>
        <translation>
führen Sie resume --model NAME mit einem dieser Modelle aus: %1</translation>
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
        <translation>Aufruf: batchboard-cli [Optionen] BEFEHL [ARGUMENTE...]

Bringt Ordner mit JSONL-Dateien für die Gemini-Batch-API bis zum letzten heruntergeladenen Ergebnis.

Befehle:
  import DIR|FILE...     JSONL-Dateien zum Projekt hinzufügen (Ordner werden nach *.jsonl durchsucht)
  import-report FILE     Jobs und Uploads aus einem Markdown-Bericht oder einer JSON-Fortschrittsdatei übernehmen
  validate PATH...       JSONL-Dateien ohne Projekt prüfen; Exit-Code 1, wenn etwas ungültig ist
  status [--json]        jeden Batch und die Summen anzeigen
  resume [--until-done]  hochladen, Jobs erstellen, abfragen und herunterladen; Exit-Code 0, wenn jeder
                         Batch heruntergeladen ist, 3 bei Blockade bis zu einer bekannten Zeit, 2 bei fatalem Fehler
  export --out FILE      eine Zeile pro Eingabeschlüssel in Eingabereihenfolge: Antwort oder Fehler
  cancel [BATCH...]      die Jobs der angegebenen Batches abbrechen (alle, wenn keine angegeben)
  cleanup                nicht mehr benötigte entfernte Dateien löschen

Optionen (vor oder nach dem Befehl):
  --project FILE         die Projektdatei (Standard: %1)
  --base-url URL         die Basis-URL der API (https; http nur für Loopback)
  --model NAME           das Modell für neue Jobs, geprüft gegen die Modelle des Schlüssels (Standard:
                         das neueste stabile Flash-Modell des Schlüssels, beim ersten resume gewählt)
  --proxy URL            der Proxy für jede Anfrage: http://[user:password@]host:port oder
                         socks5://host:port; none: direkt verbinden; system: die Variablen
                         https_proxy/http_proxy/all_proxy/no_proxy, sonst die Proxy-Einstellungen
                         des Desktops. Standard: Einstellungen › Verbindung der Desktop-App,
                         sonst system. Loopback-Hosts nutzen nie einen Proxy
  --spend-cap USD|none   mit resume: zuerst die Ausgabengrenze des Projekts speichern (Batch-Preis);
                         kein Job wird erstellt, dessen Schätzung sie überschreiten würde
  --canary-minutes N     mit resume: der erste Job des Projekts läuft bis zu N Minuten allein
                         (Standard 30; 0 = aus), bis er beantwortet zurückkommt
  --continue-anyway      mit resume: über einen Job hinweg fortfahren, dessen Zeilen größtenteils fehlschlugen
  -h, --help             diese Hilfe anzeigen
  -v, --version          die Version anzeigen

Der API-Schlüssel kommt aus der Umgebungsvariable GEMINI_API_KEY oder dem Systemschlüsselbund.
</translation>
    </message>
    <message>
        <source>--proxy needs http://[user:password@]host:port, none or system: %1</source>
        <translation>--proxy erwartet http://[user:password@]host:port, none oder system: %1</translation>
    </message>
    <message>
        <source>the proxy at %1 refused the user name and password: correct them with --proxy http://user:pass@host:port or in the desktop app&apos;s Settings</source>
        <translation>der Proxy unter %1 hat Benutzername und Passwort abgelehnt: korrigieren Sie sie mit --proxy http://user:pass@host:port oder in den Einstellungen der Desktop-App</translation>
    </message>
    <message>
        <source>the proxy at %1 requires a user name and password: set them with --proxy http://user:pass@host:port or in the desktop app&apos;s Settings</source>
        <translation>der Proxy unter %1 verlangt Benutzername und Passwort: setzen Sie sie mit --proxy http://user:pass@host:port oder in den Einstellungen der Desktop-App</translation>
    </message>
    <message>
        <source>%1; check --proxy, the https_proxy, http_proxy, all_proxy and no_proxy variables, or the desktop app&apos;s Settings</source>
        <translation>%1; prüfen Sie --proxy, die Variablen https_proxy, http_proxy, all_proxy und no_proxy oder die Einstellungen der Desktop-App</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Takes a folder of Gemini Batch API JSONL files to every result downloaded.</source>
        <translation>Bringt einen Ordner mit JSONL-Dateien für die Gemini-Batch-API bis zum letzten heruntergeladenen Ergebnis.</translation>
    </message>
    <message>
        <source>Run against the built-in emulator this time.</source>
        <translation>Dieses Mal gegen den eingebauten Emulator ausführen.</translation>
    </message>
    <message>
        <source>Benchmark: open the project offline (built-in emulator, nothing submitted), print the milliseconds to the first painted batch table and quit.</source>
        <translation>Benchmark: das Projekt offline öffnen (eingebauter Emulator, nichts wird übermittelt), die Millisekunden bis zur ersten gezeichneten Batch-Tabelle ausgeben und beenden.</translation>
    </message>
    <message>
        <source>Project file to open (created if missing).</source>
        <translation>Zu öffnende Projektdatei (wird angelegt, falls sie fehlt).</translation>
    </message>
</context>
</TS>
