<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AppTranslator</name>
    <message>
        <source>System default</source>
        <translation>Valeur par défaut du système</translation>
    </message>
</context>
<context>
    <name>BatchFilter</name>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>Non envoyés</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Envoyés</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>Expirent bientôt</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expirés</translation>
    </message>
    <message>
        <source>Waiting for quota</source>
        <translation>En attente de quota</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Réussis</translation>
    </message>
    <message>
        <source>Failed / Cancelled / Expired jobs</source>
        <translation>Jobs échoués / annulés / expirés</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>À traiter</translation>
    </message>
</context>
<context>
    <name>EventText</name>
    <message>
        <source>later</source>
        <translation>plus tard</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>Débogage</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Upload started (%1)</source>
        <translation>Envoi démarré (%1)</translation>
    </message>
    <message>
        <source>Upload resumed at %1 of %2</source>
        <translation>Envoi repris à %1 sur %2</translation>
    </message>
    <message>
        <source>Uploaded as %1, expires %2</source>
        <translation>Envoyé sous le nom %1, expire %2</translation>
    </message>
    <message>
        <source>Upload refused by a quota (429)</source>
        <translation>Envoi refusé par un quota (429)</translation>
    </message>
    <message>
        <source>Upload failed</source>
        <translation>Échec de l’envoi</translation>
    </message>
    <message>
        <source>The server&apos;s copy does not match the local file; uploading again</source>
        <translation>La copie du serveur ne correspond pas au fichier local ; nouvel envoi</translation>
    </message>
    <message>
        <source>The local file changed or is missing; not uploaded</source>
        <translation>Le fichier local a changé ou est absent ; non envoyé</translation>
    </message>
    <message>
        <source>Creating a job (%1 jobs active)</source>
        <translation>Création d’un job (%1 jobs actifs)</translation>
    </message>
    <message>
        <source>Job %1 created</source>
        <translation>Job %1 créé</translation>
    </message>
    <message>
        <source>Job creation may or may not have worked; checking with the server</source>
        <translation>La création du job a peut-être échoué ; vérification auprès du serveur</translation>
    </message>
    <message>
        <source>Job creation rate-limited (429), waiting</source>
        <translation>Création de jobs limitée en débit (429), en attente</translation>
    </message>
    <message>
        <source>Daily job-creation quota reached (429); next try %1</source>
        <translation>Quota quotidien de création de jobs atteint (429) ; prochain essai %1</translation>
    </message>
    <message>
        <source>Server refused a new job at %1 active jobs (429: batch capacity); trying again %2</source>
        <translation>Le serveur a refusé un nouveau job à %1 jobs actifs (429 : capacité de lots) ; nouvel essai %2</translation>
    </message>
    <message>
        <source>The input file is gone from the server; it will be uploaded again</source>
        <translation>Le fichier d’entrée n’est plus sur le serveur ; il sera envoyé à nouveau</translation>
    </message>
    <message>
        <source>Job creation refused; retrying cannot help</source>
        <translation>Création du job refusée ; réessayer ne servira à rien</translation>
    </message>
    <message>
        <source>Job cancelled on request</source>
        <translation>Job annulé à la demande</translation>
    </message>
    <message>
        <source>Cancelling the job failed</source>
        <translation>L’annulation du job a échoué</translation>
    </message>
    <message>
        <source>Job %1 set aside; a new job will be created</source>
        <translation>Job %1 mis de côté ; un nouveau job sera créé</translation>
    </message>
    <message>
        <source>No progress since %1; the job may be stuck</source>
        <translation>Aucune progression depuis %1 ; le job est peut-être bloqué</translation>
    </message>
    <message>
        <source>The job no longer exists on the server</source>
        <translation>Le job n’existe plus sur le serveur</translation>
    </message>
    <message>
        <source>Checking job states failed</source>
        <translation>La vérification des états des jobs a échoué</translation>
    </message>
    <message>
        <source>Downloading results from %1</source>
        <translation>Téléchargement des résultats depuis %1</translation>
    </message>
    <message>
        <source>Downloading results failed</source>
        <translation>Le téléchargement des résultats a échoué</translation>
    </message>
    <message>
        <source>Results downloaded: %1 succeeded, %2 failed or missing</source>
        <translation>Résultats téléchargés : %1 réussies, %2 échouées ou manquantes</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Remote file %1 deleted</source>
        <translation>Fichier distant %1 supprimé</translation>
    </message>
    <message>
        <source>%1 failed or missing requests queued again as %2</source>
        <translation>%1 requêtes échouées ou manquantes remises en file sous le nom %2</translation>
    </message>
    <message>
        <source>Could not write the resubmission file</source>
        <translation>Impossible d’écrire le fichier de nouvelle soumission</translation>
    </message>
    <message>
        <source>Comparing with the server failed; will try again</source>
        <translation>La comparaison avec le serveur a échoué ; nouvel essai plus tard</translation>
    </message>
    <message>
        <source>Uploaded file %1 is gone from the server</source>
        <translation>Le fichier envoyé %1 n’est plus sur le serveur</translation>
    </message>
    <message>
        <source>Found this file already uploaded as %1</source>
        <translation>Ce fichier a déjà été envoyé sous le nom %1</translation>
    </message>
    <message>
        <source>Found this job already on the server: %1</source>
        <translation>Ce job existe déjà sur le serveur : %1</translation>
    </message>
    <message>
        <source>%1 jobs on the server carry this batch&apos;s name; the first one is used</source>
        <translation>%1 jobs sur le serveur portent le nom de ce lot ; le premier est utilisé</translation>
    </message>
    <message>
        <source>The server never created the job; it will be created again</source>
        <translation>Le serveur n’a jamais créé le job ; il sera créé à nouveau</translation>
    </message>
    <message>
        <source>Added to the project (%1 requests)</source>
        <translation>Ajouté au projet (%1 requêtes)</translation>
    </message>
    <message>
        <source>The file changed after it was uploaded; the new version was not taken</source>
        <translation>Le fichier a changé après son envoi ; la nouvelle version n’a pas été prise</translation>
    </message>
    <message>
        <source>Adopted from a hand-over report (job %1, file %2)</source>
        <translation>Repris d’un rapport de passation (job %1, fichier %2)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>Retry requested</source>
        <translation>Nouvel essai demandé</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Repris</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pause</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Arrêté</translation>
    </message>
    <message>
        <source>Found this file already uploaded as %1 (&quot;%2&quot;, same sha256)</source>
        <translation>Ce fichier est déjà envoyé sous %1 (« %2 », même sha256)</translation>
    </message>
    <message>
        <source>Found this job already on the server: %1 (&quot;%2&quot;)</source>
        <translation>Ce job est déjà sur le serveur : %1 (« %2 »)</translation>
    </message>
    <message>
        <source>Its input file is gone; matched to %1 (&quot;%2&quot;) by batch number and request count</source>
        <translation>Son fichier d&apos;entrée a disparu ; associé à %1 (« %2 ») par numéro de lot et nombre de requêtes</translation>
    </message>
    <message>
        <source>May already be submitted; held for you</source>
        <translation>Peut-être déjà soumis ; mis en attente pour vous</translation>
    </message>
    <message>
        <source>Upload %1 holds other bytes than this file; it is not used</source>
        <translation>Le fichier envoyé %1 contient d&apos;autres octets que ce fichier ; il n&apos;est pas utilisé</translation>
    </message>
    <message>
        <source>Job %1 has this batch&apos;s name but other input; left alone</source>
        <translation>Le job %1 porte le nom de ce lot mais a une autre entrée ; laissé tel quel</translation>
    </message>
    <message>
        <source>Adopted from %3 (job %1, file %2)</source>
        <translation>Repris de %3 (job %1, fichier %2)</translation>
    </message>
    <message>
        <source>Its requests have no keys: uploading a copy with keys added (%1)</source>
        <translation>Ses requêtes n&apos;ont pas de clé : envoi d&apos;une copie avec clés ajoutées (%1)</translation>
    </message>
    <message>
        <source>Could not write the copy with keys added</source>
        <translation>Impossible d&apos;écrire la copie avec clés ajoutées</translation>
    </message>
    <message>
        <source>%1 of %2 lines failed: new jobs are paused until you continue</source>
        <translation>%1 lignes sur %2 en échec : les nouveaux jobs attendent que vous continuiez</translation>
    </message>
    <message>
        <source>Continued despite the failed lines</source>
        <translation>Poursuivi malgré les lignes en échec</translation>
    </message>
</context>
<context>
    <name>ProjectSession</name>
    <message>
        <source>The project %1 is already open in another Batchboard window or in batchboard-cli (%2). Only one program may work on a project at a time: switch to that window, or close it and try again.</source>
        <translation>Le projet %1 est déjà ouvert dans une autre fenêtre de Batchboard ou dans batchboard-cli (%2). Un seul programme peut travailler sur un projet à la fois : passez à cette fenêtre, ou fermez-la et réessayez.</translation>
    </message>
    <message>
        <source>The project %1 was written by a newer Batchboard (schema %2). Update Batchboard to open it; the file was not changed.</source>
        <translation>Le projet %1 a été écrit par une version plus récente de Batchboard (schéma %2). Mettez Batchboard à jour pour l’ouvrir ; le fichier n’a pas été modifié.</translation>
    </message>
    <message>
        <source>%1 is not a Batchboard project (%2). The file was not changed.</source>
        <translation>%1 n’est pas un projet Batchboard (%2). Le fichier n’a pas été modifié.</translation>
    </message>
    <message>
        <source>The project %1 is damaged: %2</source>
        <translation>Le projet %1 est endommagé : %2</translation>
    </message>
    <message>
        <source>The project %1 cannot be used: %2</source>
        <translation>Le projet %1 est inutilisable : %2</translation>
    </message>
    <message>
        <source>The project %1 refused a change: %2</source>
        <translation>Le projet %1 a refusé une modification : %2</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Téléchargement</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Uploaded, no job yet</source>
        <translation>Envoyé, pas encore de job</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>Non envoyés</translation>
    </message>
    <message>
        <source>Failed / cancelled / expired</source>
        <translation>Échoué / annulé / expiré</translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message>
        <source>No batches yet — drop a folder of .jsonl files here, or use Add folder…</source>
        <translation>Aucun lot pour l’instant — déposez ici un dossier de fichiers .jsonl, ou utilisez Ajouter un dossier…</translation>
    </message>
    <message>
        <source>%1/%2 done</source>
        <translation>%1/%2 terminés</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for quota</source>
        <translation>
            <numerusform>%n en attente de quota</numerusform>
            <numerusform>%n en attente de quota</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, next try %2</source>
        <translation>%1, prochain essai %2</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) active</source>
        <translation>
            <numerusform>%n job actif</numerusform>
            <numerusform>%n jobs actifs</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 stored</source>
        <translation>%1 stockés</translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n à traiter</numerusform>
            <numerusform>%n à traiter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) failed</source>
        <translation>
            <numerusform>%n requête échouée</numerusform>
            <numerusform>%n requêtes échouées</numerusform>
        </translation>
    </message>
    <message>
        <source>the run to be resumed</source>
        <translation>la reprise de l’exécution</translation>
    </message>
    <message>
        <source>an upload slot</source>
        <translation>un créneau d’envoi</translation>
    </message>
    <message>
        <source>the rate limit</source>
        <translation>la limite de débit</translation>
    </message>
    <message>
        <source>the daily quota</source>
        <translation>le quota quotidien</translation>
    </message>
    <message>
        <source>batch capacity</source>
        <translation>la capacité de lots</translation>
    </message>
    <message>
        <source>the concurrent job limit</source>
        <translation>la limite de jobs simultanés</translation>
    </message>
    <message>
        <source>the enqueued token limit</source>
        <translation>la limite de jetons en file</translation>
    </message>
    <message>
        <source>file storage</source>
        <translation>le stockage de fichiers</translation>
    </message>
    <message>
        <source>a fresh upload</source>
        <translation>un nouvel envoi</translation>
    </message>
    <message>
        <source>the spend cap</source>
        <translation>le plafond de dépenses</translation>
    </message>
    <message>
        <source>a retry after an error</source>
        <translation>un nouvel essai après une erreur</translation>
    </message>
    <message>
        <source>you (held)</source>
        <translation>vous (suspendu)</translation>
    </message>
    <message>
        <source>you</source>
        <translation>vous</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Arrêté</translation>
    </message>
    <message>
        <source>All done</source>
        <translation>Tout est terminé</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pause</translation>
    </message>
    <message>
        <source>Checking with the server…</source>
        <translation>Vérification auprès du serveur…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>the first job (it runs alone)</source>
        <translation>le premier job (il tourne seul)</translation>
    </message>
    <message>
        <source>you (a job&apos;s lines failed)</source>
        <translation>vous (les lignes d&apos;un job ont échoué)</translation>
    </message>
    <message>
        <source>you (choose another model)</source>
        <translation>vous (choisir un autre modèle)</translation>
    </message>
    <message>
        <source>you (billing)</source>
        <translation>vous (facturation)</translation>
    </message>
</context>
<context>
    <name>bb::ActivityLogView</name>
    <message>
        <source>Activity log</source>
        <translation>Journal d’activité</translation>
    </message>
    <message>
        <source>All batches</source>
        <translation>Tous les lots</translation>
    </message>
    <message>
        <source>Project events only</source>
        <translation>Événements du projet uniquement</translation>
    </message>
    <message>
        <source>Selected batch</source>
        <translation>Lot sélectionné</translation>
    </message>
    <message>
        <source>Show events of</source>
        <translation>Afficher les événements de</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Tout</translation>
    </message>
    <message>
        <source>Information and above</source>
        <translation>Information et plus</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Avertissements et erreurs</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Erreurs uniquement</translation>
    </message>
    <message>
        <source>Minimum severity</source>
        <translation>Gravité minimale</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Rechercher dans le journal</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Afficher :</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>&amp;Niveau :</translation>
    </message>
</context>
<context>
    <name>bb::AppController</name>
    <message>
        <source>Cannot open the project</source>
        <translation>Impossible d’ouvrir le projet</translation>
    </message>
    <message>
        <source>The base URL %1 is not allowed: %2. Change it in Settings › Connection › Advanced.</source>
        <translation>L’URL de base %1 n’est pas autorisée : %2. Modifiez-la dans Paramètres › Connexion › Avancé.</translation>
    </message>
    <message>
        <source>The sample batches could not be written: %1</source>
        <translation>Les lots d’exemple n’ont pas pu être écrits : %1</translation>
    </message>
    <message>
        <source>Sandbox mode is unavailable: the built-in emulator could not start (%1).</source>
        <translation>Le mode Sandbox n’est pas disponible : l’émulateur intégré n’a pas pu démarrer (%1).</translation>
    </message>
    <message>
        <source>Sandbox mode</source>
        <translation>Mode Sandbox</translation>
    </message>
    <message>
        <source>Projects are opened against the real Gemini API. Enter an API key in Settings first; Sandbox mode always works on a fresh practice project.</source>
        <translation>Les projets sont ouverts avec la vraie API Gemini. Saisissez d’abord une clé API dans les Paramètres ; le mode Sandbox fonctionne toujours sur un projet d’essai vierge.</translation>
    </message>
</context>
<context>
    <name>bb::BatchActions</name>
    <message>
        <source>&amp;Add folder…</source>
        <translation>&amp;Ajouter un dossier…</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>Add a folder of .jsonl request files (or drop it on the window)</source>
        <translation>Ajouter un dossier de fichiers de requêtes .jsonl (ou le déposer sur la fenêtre)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Reprendre</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Check with the server, then upload, create jobs, wait out quotas and download until done</source>
        <translation>Vérifier auprès du serveur, puis envoyer, créer les jobs, attendre la fin des quotas et télécharger jusqu’au bout</translation>
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
        <translation>Ne rien démarrer de nouveau ; les envois en cours terminent leur bloc et tout reste reprenable</translation>
    </message>
    <message>
        <source>&amp;Cancel selected</source>
        <translation>Annuler la &amp;sélection</translation>
    </message>
    <message>
        <source>Cancel the selected batches&apos; jobs on the server, or hold batches that have no job yet</source>
        <translation>Annuler sur le serveur les jobs des lots sélectionnés, ou suspendre les lots qui n’ont pas encore de job</translation>
    </message>
    <message>
        <source>Cancel &amp;all…</source>
        <translation>Tout a&amp;nnuler…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Del</source>
        <translation>Ctrl+Shift+Del</translation>
    </message>
    <message>
        <source>Cancel every running job and hold every batch not yet submitted</source>
        <translation>Annuler tous les jobs en cours et suspendre tous les lots pas encore soumis</translation>
    </message>
    <message>
        <source>&amp;Download results</source>
        <translation>&amp;Télécharger les résultats</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Download the results of the selected batches (or of every finished job if none is selected)</source>
        <translation>Télécharger les résultats des lots sélectionnés (ou de tous les jobs terminés si rien n’est sélectionné)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Write one JSONL with a line per request, in input order</source>
        <translation>Écrire un JSONL avec une ligne par requête, dans l’ordre d’entrée</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>API key, model, quota limits, notifications and language</source>
        <translation>Clé API, modèle, limites de quota, notifications et langue</translation>
    </message>
    <message>
        <source>&amp;Upload now</source>
        <translation>En&amp;voyer maintenant</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>Upload the selected files now, ahead of the queue</source>
        <translation>Envoyer maintenant les fichiers sélectionnés, avant la file d’attente</translation>
    </message>
    <message>
        <source>Create &amp;job now</source>
        <translation>Créer le &amp;job maintenant</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>Create the selected batches&apos; jobs now, ahead of the queue</source>
        <translation>Créer maintenant les jobs des lots sélectionnés, avant la file d’attente</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>Réess&amp;ayer</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>Try failed, cancelled, expired or held batches again (a new job replaces an ended one)</source>
        <translation>Réessayer les lots échoués, annulés, expirés ou suspendus (un nouveau job remplace celui qui est terminé)</translation>
    </message>
    <message>
        <source>Re-&amp;upload</source>
        <translation>Ren&amp;voyer</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>Replace the uploaded file with a fresh upload (for a file close to expiry)</source>
        <translation>Remplacer le fichier envoyé par un nouvel envoi (pour un fichier proche de l’expiration)</translation>
    </message>
    <message>
        <source>&amp;Delete remote file</source>
        <translation>Supprimer le fichier &amp;distant</translation>
    </message>
    <message>
        <source>Shift+Del</source>
        <translation>Shift+Del</translation>
    </message>
    <message>
        <source>Delete the uploaded input file from the server to free storage</source>
        <translation>Supprimer du serveur le fichier d’entrée envoyé pour libérer du stockage</translation>
    </message>
    <message>
        <source>&amp;Open results folder</source>
        <translation>&amp;Ouvrir le dossier des résultats</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Show the downloaded results in the file manager</source>
        <translation>Afficher les résultats téléchargés dans le gestionnaire de fichiers</translation>
    </message>
    <message>
        <source>Copy job &amp;name</source>
        <translation>Copier le &amp;nom du job</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Copy the selected batches&apos; job names (batches/…)</source>
        <translation>Copier les noms de job des lots sélectionnés (batches/…)</translation>
    </message>
    <message>
        <source>Copy file U&amp;RI</source>
        <translation>Copier l’U&amp;RI du fichier</translation>
    </message>
    <message>
        <source>Ctrl+Alt+C</source>
        <translation>Ctrl+Alt+C</translation>
    </message>
    <message>
        <source>Copy the selected batches&apos; uploaded file URIs</source>
        <translation>Copier les URI des fichiers envoyés des lots sélectionnés</translation>
    </message>
    <message>
        <source>Re&amp;submit failed keys</source>
        <translation>Soumettre à nouveau les clés é&amp;chouées</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Queue the failed and missing requests of the selected batches as new linked batches</source>
        <translation>Mettre en file les requêtes échouées et manquantes des lots sélectionnés comme nouveaux lots liés</translation>
    </message>
    <message>
        <source>Resumed: checking with the server, then continuing where things stopped</source>
        <translation>Repris : vérification auprès du serveur, puis poursuite là où tout s’était arrêté</translation>
    </message>
    <message>
        <source>Paused: nothing new starts; Resume continues</source>
        <translation>En pause : rien de nouveau ne démarre ; Reprendre continue</translation>
    </message>
    <message numerus="yes">
        <source>Cancelling or holding %n batch(es)</source>
        <translation>
            <numerusform>Annulation ou suspension de %n lot</numerusform>
            <numerusform>Annulation ou suspension de %n lots</numerusform>
        </translation>
    </message>
    <message>
        <source>No finished job is waiting for its results</source>
        <translation>Aucun job terminé n’attend ses résultats</translation>
    </message>
    <message numerus="yes">
        <source>Downloading the results of %n batch(es)</source>
        <translation>
            <numerusform>Téléchargement des résultats de %n lot</numerusform>
            <numerusform>Téléchargement des résultats de %n lots</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n batch(es) now</source>
        <translation>
            <numerusform>Envoi de %n lot maintenant</numerusform>
            <numerusform>Envoi de %n lots maintenant</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Creating %n job(s) now</source>
        <translation>
            <numerusform>Création de %n job maintenant</numerusform>
            <numerusform>Création de %n jobs maintenant</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying %n batch(es) again</source>
        <translation>
            <numerusform>Nouvel essai de %n lot</numerusform>
            <numerusform>Nouvel essai de %n lots</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n file(s) again</source>
        <translation>
            <numerusform>Nouvel envoi de %n fichier</numerusform>
            <numerusform>Nouvel envoi de %n fichiers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n remote file(s)</source>
        <translation>
            <numerusform>Suppression de %n fichier distant</numerusform>
            <numerusform>Suppression de %n fichiers distants</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resubmission(s) queued; Resume runs them</source>
        <translation>
            <numerusform>%n nouvelle soumission en file ; Reprendre l’exécute</numerusform>
            <numerusform>%n nouvelles soumissions en file ; Reprendre les exécute</numerusform>
        </translation>
    </message>
    <message>
        <source>None of the selected batches has failed keys to resubmit</source>
        <translation>Aucun des lots sélectionnés n’a de clés échouées à soumettre à nouveau</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This does not apply to any of the selected batches</source>
        <translation>Cela ne s’applique à aucun des lots sélectionnés</translation>
    </message>
    <message>
        <source>%1 (%2 of the selected batches did not apply)</source>
        <translation>%1 (%2 des lots sélectionnés n’étaient pas concernés)</translation>
    </message>
    <message>
        <source>Nothing to cancel</source>
        <translation>Rien à annuler</translation>
    </message>
    <message>
        <source>Cancel all batches?</source>
        <translation>Annuler tous les lots ?</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n batch(es)? Jobs on the server are cancelled (requests they already finished are kept); batches without a job are held until you retry them.</source>
        <translation>
            <numerusform>Annuler %n lot ? Les jobs sur le serveur sont annulés (les requêtes déjà terminées sont conservées) ; les lots sans job sont suspendus jusqu’à ce que vous les réessayiez.</numerusform>
            <numerusform>Annuler %n lots ? Les jobs sur le serveur sont annulés (les requêtes déjà terminées sont conservées) ; les lots sans job sont suspendus jusqu’à ce que vous les réessayiez.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>Tout annuler</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>Continuer</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n job name(s)</source>
        <translation>
            <numerusform>%n nom de job copié</numerusform>
            <numerusform>%n noms de job copiés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n file URI(s)</source>
        <translation>
            <numerusform>%n URI de fichier copiée</numerusform>
            <numerusform>%n URI de fichier copiées</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::BatchTableModel</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 j %2 h</translation>
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
        <translation>en pause</translation>
    </message>
    <message>
        <source>upload slot</source>
        <translation>créneau d’envoi</translation>
    </message>
    <message>
        <source>rate limit</source>
        <translation>limite de débit</translation>
    </message>
    <message>
        <source>daily quota</source>
        <translation>quota quotidien</translation>
    </message>
    <message>
        <source>batch capacity</source>
        <translation>la capacité de lots</translation>
    </message>
    <message>
        <source>concurrent batch limit</source>
        <translation>limite de lots simultanés</translation>
    </message>
    <message>
        <source>enqueued token limit</source>
        <translation>limite de jetons en file</translation>
    </message>
    <message>
        <source>file storage limit</source>
        <translation>limite de stockage de fichiers</translation>
    </message>
    <message>
        <source>file too close to expiry</source>
        <translation>fichier trop proche de l’expiration</translation>
    </message>
    <message>
        <source>spend cap</source>
        <translation>plafond de dépenses</translation>
    </message>
    <message>
        <source>retrying after an error</source>
        <translation>nouvel essai après une erreur</translation>
    </message>
    <message>
        <source>held</source>
        <translation>suspendu</translation>
    </message>
    <message>
        <source>needs your attention</source>
        <translation>requiert votre attention</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>Non envoyés</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Envoyés</translation>
    </message>
    <message>
        <source>File expired</source>
        <translation>Fichier expiré</translation>
    </message>
    <message>
        <source>Creating job</source>
        <translation>Création du job</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Réussis</translation>
    </message>
    <message>
        <source>Downloading results</source>
        <translation>Téléchargement des résultats</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Job failed</source>
        <translation>Job échoué</translation>
    </message>
    <message>
        <source>Job cancelled</source>
        <translation>Job annulé</translation>
    </message>
    <message>
        <source>Job expired</source>
        <translation>Job expiré</translation>
    </message>
    <message>
        <source>The price table has no row for this model</source>
        <translation>La table des prix n’a pas de ligne pour ce modèle</translation>
    </message>
    <message>
        <source>Estimate %1 (non-batch price %2)</source>
        <translation>Estimation %1 (prix hors lot %2)</translation>
    </message>
    <message>
        <source>Actual %1 (non-batch price %2)</source>
        <translation>Réel %1 (prix hors lot %2)</translation>
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
        <translation>expiré</translation>
    </message>
    <message>
        <source>%1 / ETA %2</source>
        <translation>%1 / fin prévue %2</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>pas de prix</translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>En attente : %1</translation>
    </message>
    <message>
        <source>Waiting: %1, next try %2</source>
        <translation>En attente : %1, prochain essai %2</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requêtes</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <source>File expires in</source>
        <translation>Le fichier expire dans</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créé</translation>
    </message>
    <message>
        <source>Elapsed / ETA</source>
        <translation>Écoulé / fin prévue</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Erreurs</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>the first job runs alone</source>
        <translation>le premier job tourne seul</translation>
    </message>
    <message>
        <source>paused: a job&apos;s lines failed</source>
        <translation>en pause : les lignes d&apos;un job ont échoué</translation>
    </message>
    <message>
        <source>needs your attention: choose another model in Settings › Work</source>
        <translation>demande votre attention : choisissez un autre modèle dans Paramètres › Travail</translation>
    </message>
    <message>
        <source>stopped by billing</source>
        <translation>arrêté par la facturation</translation>
    </message>
</context>
<context>
    <name>bb::BatchTableView</name>
    <message>
        <source>Batches</source>
        <translation>Lots</translation>
    </message>
    <message>
        <source>One row per batch file with its state, progress and deadlines</source>
        <translation>Une ligne par fichier de lot avec son état, sa progression et ses échéances</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <source>Reset columns</source>
        <translation>Réinitialiser les colonnes</translation>
    </message>
</context>
<context>
    <name>bb::BreakdownChart</name>
    <message>
        <source>Batches by state</source>
        <translation>Lots par état</translation>
    </message>
    <message>
        <source>No batches yet</source>
        <translation>Aucun lot pour l’instant</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 of %2 batches done</source>
        <translation>%1 lots terminés sur %2</translation>
    </message>
</context>
<context>
    <name>bb::ConnectionTester</name>
    <message>
        <source>This base URL is not allowed: %1</source>
        <translation>Cette URL de base n’est pas autorisée : %1</translation>
    </message>
    <message>
        <source>Connected: the server accepted the key.</source>
        <translation>Connecté : le serveur a accepté la clé.</translation>
    </message>
    <message>
        <source>The server refused the key: %1</source>
        <translation>Le serveur a refusé la clé : %1</translation>
    </message>
    <message>
        <source>Connected, but the server is rate-limiting this key right now (429).</source>
        <translation>Connecté, mais le serveur limite cette clé en ce moment (429).</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>Connexion impossible : %1</translation>
    </message>
    <message>
        <source>The proxy stopped the request: %1</source>
        <translation>Le proxy a bloqué la requête : %1</translation>
    </message>
</context>
<context>
    <name>bb::CostChart</name>
    <message>
        <source>Spend over time</source>
        <translation>Dépenses au fil du temps</translation>
    </message>
    <message>
        <source>Spent (batch price)</source>
        <translation>Dépensé (prix par lot)</translation>
    </message>
    <message>
        <source>Same tokens at the non-batch price</source>
        <translation>Mêmes jetons au prix hors lot</translation>
    </message>
    <message>
        <source>Projected total</source>
        <translation>Total projeté</translation>
    </message>
    <message>
        <source>Projected at the non-batch price</source>
        <translation>Projeté au prix hors lot</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Estimation</translation>
    </message>
    <message>
        <source>Spend cap</source>
        <translation>Plafond de dépenses</translation>
    </message>
    <message>
        <source>Spend over time (USD)</source>
        <translation>Dépenses au fil du temps (USD)</translation>
    </message>
</context>
<context>
    <name>bb::CostSettingsPage</name>
    <message>
        <source>Create no job that would take the projected spend past</source>
        <translation>Ne créer aucun job qui porterait les dépenses projetées au-delà de</translation>
    </message>
    <message>
        <source>Prices of this project (USD per 1M tokens, interactive price)</source>
        <translation>Prix de ce projet (USD par million de jetons, prix interactif)</translation>
    </message>
    <message>
        <source>The Batch API charges the batch factor of these prices (0.5 = 50%); cache hits are billed like non-batch. Thinking tokens of 2.5 models are billed as output. Prompts over 200k tokens use the &gt;200k prices where a model has them.</source>
        <translation>L’API Batch facture le facteur de lot de ces prix (0,5 = 50 %) ; les accès au cache sont facturés comme hors lot. Les jetons de réflexion des modèles 2.5 sont facturés comme sortie. Les prompts de plus de 200k jetons utilisent les prix &gt;200k lorsqu’un modèle en a.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>Réflexion</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>En cache</translation>
    </message>
    <message>
        <source>Input &gt;200k</source>
        <translation>Entrée &gt;200k</translation>
    </message>
    <message>
        <source>Output &gt;200k</source>
        <translation>Sortie &gt;200k</translation>
    </message>
    <message>
        <source>Batch factor</source>
        <translation>Facteur de lot</translation>
    </message>
    <message>
        <source>Price table</source>
        <translation>Table des prix</translation>
    </message>
    <message>
        <source>Prices as of</source>
        <translation>Prix au</translation>
    </message>
    <message>
        <source>&amp;Add model</source>
        <translation>&amp;Ajouter un modèle</translation>
    </message>
    <message>
        <source>&amp;Remove model</source>
        <translation>&amp;Retirer le modèle</translation>
    </message>
    <message>
        <source>Restore &amp;Google&apos;s prices of %1</source>
        <translation>Restaurer les prix &amp;Google du %1</translation>
    </message>
    <message>
        <source>Before the first results arrive</source>
        <translation>Avant l’arrivée des premiers résultats</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> jetons</translation>
    </message>
    <message>
        <source>Expected &amp;output per request:</source>
        <translation>Sortie &amp;attendue par requête :</translation>
    </message>
    <message>
        <source>Expected &amp;thinking per request:</source>
        <translation>Réflexion a&amp;ttendue par requête :</translation>
    </message>
    <message>
        <source>Results replace these guesses: their usage metadata calibrates prompt tokens per byte and the output and thinking per request.</source>
        <translation>Les résultats remplacent ces estimations : leurs métadonnées d’utilisation calibrent les jetons de prompt par octet ainsi que la sortie et la réflexion par requête.</translation>
    </message>
    <message>
        <source>Spend cap</source>
        <translation>Plafond de dépenses</translation>
    </message>
    <message>
        <source>Spend cap in US dollars</source>
        <translation>Plafond de dépenses en dollars US</translation>
    </message>
    <message>
        <source>model-name</source>
        <translation>nom-du-modèle</translation>
    </message>
</context>
<context>
    <name>bb::CostStatusLabel</name>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Selected ≈ %1 (non-batch %2)</source>
        <translation>Sélection ≈ %1 (hors lot %2)</translation>
    </message>
    <message>
        <source>Cost ≈ %1 (non-batch %2, saving %3)</source>
        <translation>Coût ≈ %1 (hors lot %2, économie %3)</translation>
    </message>
    <message>
        <source>spent %1</source>
        <translation>dépensé %1</translation>
    </message>
    <message>
        <source>cap %1 — the run would pass it</source>
        <translation>plafond %1 — l’exécution le dépasserait</translation>
    </message>
    <message>
        <source>cap %1</source>
        <translation>plafond %1</translation>
    </message>
    <message>
        <source>Batch API price (50% of the interactive price); prices as of %1 from %2.</source>
        <translation>Prix de l’API Batch (50 % du prix interactif) ; prix au %1 selon %2.</translation>
    </message>
    <message>
        <source>Estimate before the run: %1 (non-batch %2).</source>
        <translation>Estimation avant l’exécution : %1 (hors lot %2).</translation>
    </message>
    <message>
        <source>Calibrated on %1 results: %2 tokens per prompt byte, %3 output and %4 thinking tokens per request.</source>
        <translation>Calibré sur %1 résultats : %2 jetons par octet de prompt, %3 jetons de sortie et %4 de réflexion par requête.</translation>
    </message>
    <message>
        <source>No results yet: expecting %1 output and %2 thinking tokens per request (Settings → Cost).</source>
        <translation>Pas encore de résultats : %1 jetons de sortie et %2 de réflexion attendus par requête (Paramètres → Coût).</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) use a model without a price.</source>
        <translation>
            <numerusform>%n lot utilise un modèle sans prix.</numerusform>
            <numerusform>%n lots utilisent un modèle sans prix.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) held by the cap (Settings → Cost)</source>
        <translation>
            <numerusform>%n lot retenu par le plafond (Paramètres → Coût)</numerusform>
            <numerusform>%n lots retenus par le plafond (Paramètres → Coût)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::DetailPanel</name>
    <message>
        <source>Copy job name</source>
        <translation>Copier le nom du job</translation>
    </message>
    <message>
        <source>Copy file URI</source>
        <translation>Copier l’URI du fichier</translation>
    </message>
    <message>
        <source>Batch details</source>
        <translation>Détails du lot</translation>
    </message>
    <message>
        <source>Selected batch</source>
        <translation>Lot sélectionné</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>Lot :</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>État :</translation>
    </message>
    <message>
        <source>Local file:</source>
        <translation>Fichier local :</translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation>Requêtes :</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Taille :</translation>
    </message>
    <message>
        <source>Token estimate:</source>
        <translation>Estimation de jetons :</translation>
    </message>
    <message>
        <source>SHA-256:</source>
        <translation>SHA-256 :</translation>
    </message>
    <message>
        <source>Next attempt:</source>
        <translation>Prochain essai :</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Tentatives :</translation>
    </message>
    <message>
        <source>State changed:</source>
        <translation>État modifié :</translation>
    </message>
    <message>
        <source>Remote file:</source>
        <translation>Fichier distant :</translation>
    </message>
    <message>
        <source>File URI:</source>
        <translation>URI du fichier :</translation>
    </message>
    <message>
        <source>File expires:</source>
        <translation>Le fichier expire :</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle :</translation>
    </message>
    <message>
        <source>Job:</source>
        <translation>Job :</translation>
    </message>
    <message>
        <source>Job created:</source>
        <translation>Job créé :</translation>
    </message>
    <message>
        <source>Job ended:</source>
        <translation>Job terminé :</translation>
    </message>
    <message>
        <source>Outcomes:</source>
        <translation>Résultats :</translation>
    </message>
    <message>
        <source>Results file:</source>
        <translation>Fichier de résultats :</translation>
    </message>
    <message>
        <source>Resubmission of:</source>
        <translation>Nouvelle soumission de :</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <source>No error</source>
        <translation>Aucune erreur</translation>
    </message>
    <message>
        <source>Event history of the batch</source>
        <translation>Historique des événements du lot</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Select a batch to see its details</source>
        <translation>Sélectionnez un lot pour voir ses détails</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 octets)</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>environ %1</translation>
    </message>
    <message>
        <source>%1 (in %2)</source>
        <translation>%1 (dans %2)</translation>
    </message>
    <message>
        <source>%1 succeeded · %2 failed · %3 pending</source>
        <translation>%1 réussies · %2 échouées · %3 en attente</translation>
    </message>
</context>
<context>
    <name>bb::Engine</name>
    <message>
        <source>cannot create the results folder %1</source>
        <translation>impossible de créer le dossier de résultats %1</translation>
    </message>
    <message>
        <source>the results file is no longer available on the server; resubmit the batch&apos;s keys (%1)</source>
        <translation>le fichier de résultats n’est plus disponible sur le serveur ; soumettez à nouveau les clés du lot (%1)</translation>
    </message>
    <message>
        <source>cannot read the downloaded results %1: %2</source>
        <translation>impossible de lire les résultats téléchargés %1 : %2</translation>
    </message>
    <message>
        <source>the job no longer exists on the server (%1)</source>
        <translation>le job n’existe plus sur le serveur (%1)</translation>
    </message>
    <message>
        <source>the batch job failed</source>
        <translation>le job de lot a échoué</translation>
    </message>
    <message>
        <source>the job stayed pending or running for 48 hours and expired</source>
        <translation>le job est resté en attente ou en cours pendant 48 heures et a expiré</translation>
    </message>
    <message>
        <source>%1 no longer exists</source>
        <translation>%1 n’existe plus</translation>
    </message>
    <message>
        <source>%1 changed since it was imported; import it again</source>
        <translation>%1 a changé depuis son import ; importez-le à nouveau</translation>
    </message>
    <message>
        <source>the uploaded bytes do not match the file (sha256 %1, expected %2)</source>
        <translation>les octets envoyés ne correspondent pas au fichier (sha256 %1, attendu %2)</translation>
    </message>
    <message numerus="yes">
        <source>lists %n local file(s) and nothing on the server; nothing to adopt</source>
        <translation>
            <numerusform>liste %n fichier local et rien sur le serveur ; rien à reprendre</numerusform>
            <numerusform>liste %n fichiers locaux et rien sur le serveur ; rien à reprendre</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>lists %n batch(es) as failed (%1); nothing to adopt for them, and the server has the final word</source>
        <translation>
            <numerusform>liste %n lot comme échoué (%1) ; rien à reprendre pour lui, et le serveur a le dernier mot</numerusform>
            <numerusform>liste %n lots comme échoués (%1) ; rien à reprendre pour eux, et le serveur a le dernier mot</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) are not in the project yet; what the report says about them is adopted when their files are imported</source>
        <translation>
            <numerusform>%n lot n’est pas encore dans le projet ; ce que le rapport en dit sera repris quand son fichier sera importé</numerusform>
            <numerusform>%n lots ne sont pas encore dans le projet ; ce que le rapport en dit sera repris quand leurs fichiers seront importés</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 jobs and %2 uploaded files adopted, %3 already known</source>
        <translation>%1 jobs et %2 fichiers envoyés repris, %3 déjà connus</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have no number in their name; they are batches without a number.</source>
        <translation>
            <numerusform>%n fichier n’a pas de numéro dans son nom ; c’est un lot sans numéro.</numerusform>
            <numerusform>%n fichiers n’ont pas de numéro dans leur nom ; ce sont des lots sans numéro.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) have no &quot;key&quot;; each is named after its batch and line (batch_011_proper#line1) in the results and the export.</source>
        <translation>
            <numerusform>%n requête n’a pas de « key » ; elle est nommée d’après son lot et sa ligne (batch_011_proper#line1) dans les résultats et l’export.</numerusform>
            <numerusform>%n requêtes n’ont pas de « key » ; chacune est nommée d’après son lot et sa ligne (batch_011_proper#line1) dans les résultats et l’export.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) start with a UTF-8 byte-order mark; it is skipped.</source>
        <translation>
            <numerusform>%n fichier commence par une marque d’ordre des octets (BOM) UTF-8 ; elle est ignorée.</numerusform>
            <numerusform>%n fichiers commencent par une marque d’ordre des octets (BOM) UTF-8 ; elle est ignorée.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have Windows (CRLF) line ends; they are read as they are.</source>
        <translation>
            <numerusform>%n fichier a des fins de ligne Windows (CRLF) ; il est lu tel quel.</numerusform>
            <numerusform>%n fichiers ont des fins de ligne Windows (CRLF) ; ils sont lus tels quels.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) end without a final newline; their last line is read as a request.</source>
        <translation>
            <numerusform>%n fichier se termine sans saut de ligne final ; sa dernière ligne est lue comme une requête.</numerusform>
            <numerusform>%n fichiers se terminent sans saut de ligne final ; leur dernière ligne est lue comme une requête.</numerusform>
        </translation>
    </message>
    <message>
        <source>may already be submitted as %1 (its input file is gone, so this cannot be proven); check, then Retry to create a job anyway</source>
        <translation>peut-être déjà soumis en tant que %1 (son fichier d’entrée a disparu, cela ne peut donc pas être prouvé) ; vérifiez, puis utilisez Réessayer pour créer un job quand même</translation>
    </message>
    <message>
        <source>cannot write the copy with keys added: %1</source>
        <translation>impossible d’écrire la copie avec les clés ajoutées : %1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 lines failed (%4); new jobs wait until you continue anyway</source>
        <translation>%1 : %2 lignes sur %3 en échec (%4) ; les nouveaux jobs attendent que vous continuiez quand même</translation>
    </message>
    <message>
        <source>the model %1 is not available to this key (%2); needs your attention: choose another model in Settings › Work</source>
        <translation>le modèle %1 n’est pas disponible pour cette clé (%2) ; demande votre attention : choisissez un autre modèle dans Paramètres › Travail</translation>
    </message>
    <message>
        <source>creating jobs stopped by billing (%1); waiting will not help. Fix it at %2, then press Resume. Jobs already created still finish.</source>
        <translation>la création de tâches est arrêtée par la facturation (%1) ; attendre n’y changera rien. Corrigez-le sur %2, puis appuyez sur Reprendre. Les tâches déjà créées se terminent.</translation>
    </message>
</context>
<context>
    <name>bb::EventLogModel</name>
    <message>
        <source>Project</source>
        <translation>Projet</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Level</source>
        <comment>severity of a log entry</comment>
        <translation>Niveau</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
</context>
<context>
    <name>bb::ExportController</name>
    <message>
        <source>Export failed, %1 was not written: %2</source>
        <translation>Échec de l’export, %1 n’a pas été écrit : %2</translation>
    </message>
    <message>
        <source>Exported %1 lines to %2: %3 succeeded, %4 failed, %5 blocked, %6 without a result</source>
        <translation>%1 lignes exportées vers %2 : %3 réussies, %4 échouées, %5 bloquées, %6 sans résultat</translation>
    </message>
    <message>
        <source>Spent %1 at the batch price (%2 at the non-batch price).</source>
        <translation>Dépensé %1 au prix par lot (%2 au prix hors lot).</translation>
    </message>
</context>
<context>
    <name>bb::FailureAlarmBar</name>
    <message>
        <source>&amp;Continue anyway</source>
        <translation>&amp;Continuer quand même</translation>
    </message>
    <message>
        <source>New jobs paused</source>
        <translation>Nouveaux jobs en pause</translation>
    </message>
    <message>
        <source>Create the remaining jobs although this one&apos;s lines failed</source>
        <translation>Créer les jobs restants bien que les lignes de celui-ci aient échoué</translation>
    </message>
    <message>
        <source>New jobs paused. %1</source>
        <translation>Nouveaux jobs en pause. %1</translation>
    </message>
    <message>
        <source>New jobs stopped: %1</source>
        <translation>Nouvelles tâches arrêtées : %1</translation>
    </message>
    <message>
        <source>Open the &amp;billing page</source>
        <translation>Ouvrir la page de &amp;facturation</translation>
    </message>
    <message>
        <source>Choose a &amp;model…</source>
        <translation>Choisir un &amp;modèle…</translation>
    </message>
    <message>
        <source>Settings › Work › Model</source>
        <translation>Paramètres › Travail › Modèle</translation>
    </message>
</context>
<context>
    <name>bb::FilterSidebar</name>
    <message>
        <source>Batch categories</source>
        <translation>Catégories de lots</translation>
    </message>
    <message>
        <source>Shows only the batches of the chosen category; the number is how many are in it</source>
        <translation>Affiche uniquement les lots de la catégorie choisie ; le nombre indique combien elle en contient</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n batch(es)</source>
        <extracomment>Accessible text of a sidebar category: &quot;Running, 12 batches&quot;</extracomment>
        <translation>
            <numerusform>%1, %n lot</numerusform>
            <numerusform>%1, %n lots</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::ImportController</name>
    <message>
        <source>%1: not a folder, .jsonl file or hand-over report</source>
        <translation>%1 : ni un dossier, ni un fichier .jsonl, ni un rapport de passation</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>Rien n’a été importé</translation>
    </message>
    <message>
        <source>Import problems</source>
        <translation>Problèmes d’import</translation>
    </message>
    <message>
        <source>%1. These files or lines could not be used; fix them and drop them again:</source>
        <translation>%1. Ces fichiers ou lignes n’ont pas pu être utilisés ; corrigez-les et déposez-les à nouveau :</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>Import annulé</translation>
    </message>
    <message>
        <source>No .jsonl files were found there.</source>
        <translation>Aucun fichier .jsonl n’a été trouvé à cet endroit.</translation>
    </message>
    <message>
        <source>%1: skipped (%2)</source>
        <translation>%1 : ignoré (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n more problem(s) not shown</source>
        <translation>
            <numerusform>%1 : %n autre problème non affiché</numerusform>
            <numerusform>%1 : %n autres problèmes non affichés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added</source>
        <translation>
            <numerusform>%n fichier ajouté</numerusform>
            <numerusform>%n fichiers ajoutés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n already in the project</source>
        <translation>
            <numerusform>, %n déjà dans le projet</numerusform>
            <numerusform>, %n déjà dans le projet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n updated</source>
        <translation>
            <numerusform>, %n mis à jour</numerusform>
            <numerusform>, %n mis à jour</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n not imported</source>
        <translation>
            <numerusform>, %n non importé</numerusform>
            <numerusform>, %n non importés</numerusform>
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
        <translation>%1 : aucun job de lot ni envoi trouvé dans ce rapport</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n job(s) and %2 upload(s) adopted, %3 already known</source>
        <translation>
            <numerusform>%1 : %n job et %2 envoi(s) repris, %3 déjà connus</numerusform>
            <numerusform>%1 : %n jobs et %2 envoi(s) repris, %3 déjà connus</numerusform>
        </translation>
    </message>
    <message>
        <source>from tracking files read earlier: %1</source>
        <translation>depuis les fichiers de suivi lus précédemment : %1</translation>
    </message>
</context>
<context>
    <name>bb::Importer</name>
    <message>
        <source>hidden file</source>
        <translation>fichier caché</translation>
    </message>
    <message>
        <source>not a .jsonl file</source>
        <translation>pas un fichier .jsonl</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>pas un fichier ordinaire</translation>
    </message>
    <message>
        <source>folder (not scanned without recursive)</source>
        <translation>dossier (non parcouru sans récursivité)</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>fichier ou dossier inexistant</translation>
    </message>
    <message>
        <source>batch %1 has two different %2 names (%3 and %4); keeping %3</source>
        <translation>le lot %1 a deux noms de %2 différents (%3 et %4) ; %3 est conservé</translation>
    </message>
    <message>
        <source>more than %1 pending batches; the rest is ignored</source>
        <translation>plus de %1 lots en attente ; le reste est ignoré</translation>
    </message>
    <message>
        <source>table row without a header row</source>
        <translation>ligne de tableau sans ligne d’en-tête</translation>
    </message>
    <message>
        <source>row has no batch number</source>
        <translation>la ligne n’a pas de numéro de lot</translation>
    </message>
    <message>
        <source>row names neither a batch job nor a file</source>
        <translation>la ligne ne nomme ni un job de lot ni un fichier</translation>
    </message>
    <message>
        <source>not JSON: %1</source>
        <translation>pas du JSON : %1</translation>
    </message>
    <message>
        <source>expected a JSON object at the top level</source>
        <translation>objet JSON attendu au niveau supérieur</translation>
    </message>
    <message>
        <source>%1: unrecognised item</source>
        <translation>%1 : élément non reconnu</translation>
    </message>
    <message>
        <source>%1: item has no batch number</source>
        <translation>%1 : l’élément n’a pas de numéro de lot</translation>
    </message>
    <message>
        <source>%1: batch %2 names neither a job nor a file</source>
        <translation>%1 : le lot %2 ne nomme ni un job ni un fichier</translation>
    </message>
    <message>
        <source>duplicate key %1 (first seen at line %2)</source>
        <translation>clé en double %1 (vue d’abord à la ligne %2)</translation>
    </message>
    <message>
        <source>no requests (only blank lines)</source>
        <translation>aucune requête (uniquement des lignes vides)</translation>
    </message>
    <message>
        <source>line too long (%1 bytes, limit %2)</source>
        <translation>ligne trop longue (%1 octets, limite %2)</translation>
    </message>
    <message>
        <source>blank line</source>
        <translation>ligne vide</translation>
    </message>
    <message>
        <source>%1 blank lines (%2-%3)</source>
        <translation>%1 lignes vides (%2-%3)</translation>
    </message>
    <message>
        <source>is a folder</source>
        <translation>est un dossier</translation>
    </message>
    <message>
        <source>file is %1 bytes, over the limit of %2 bytes</source>
        <translation>le fichier fait %1 octets, au-delà de la limite de %2 octets</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>fichier vide</translation>
    </message>
    <message>
        <source>file changed while being read (%1 bytes when opened, %2 read)</source>
        <translation>le fichier a changé pendant la lecture (%1 octets à l’ouverture, %2 lus)</translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation>UTF-8 invalide</translation>
    </message>
    <message>
        <source>%1 (found %2)</source>
        <translation>%1 (trouvé : %2)</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>mémoire insuffisante</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>pas un objet JSON</translation>
    </message>
    <message>
        <source>&quot;key&quot; is not a string</source>
        <translation>« key » n’est pas une chaîne</translation>
    </message>
    <message>
        <source>empty &quot;key&quot;</source>
        <translation>« key » vide</translation>
    </message>
    <message>
        <source>missing &quot;request&quot;</source>
        <translation>« request » manquant</translation>
    </message>
    <message>
        <source>&quot;request&quot; is not an object</source>
        <translation>« request » n’est pas un objet</translation>
    </message>
    <message>
        <source>the summary says %1 batches were created, but the tables list %2 jobs; the rows are used</source>
        <translation>le résumé indique %1 lots créés, mais les tableaux listent %2 jobs ; les lignes sont utilisées</translation>
    </message>
    <message>
        <source>the summary says %1 batches were uploaded, but the tables list %2 uploads without a job; the rows are used</source>
        <translation>le résumé indique %1 lots envoyés, mais les tableaux listent %2 envois sans job ; les lignes sont utilisées</translation>
    </message>
    <message>
        <source>%1: says %2 batches, but %3-%4 is %5; the range is used</source>
        <translation>%1 : indique %2 lots, mais %3-%4 en fait %5 ; la plage est utilisée</translation>
    </message>
</context>
<context>
    <name>bb::LimitChart</name>
    <message>
        <source>Used</source>
        <translation>Utilisé</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limite</translation>
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
        <translation>Rechercher lots, fichiers, jobs, erreurs  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search batches</source>
        <translation>Rechercher des lots</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Checking the files…</source>
        <translation>Vérification des fichiers…</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Échec de l’export</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barre d’outils principale</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>Import hand-over &amp;report…</source>
        <translation>Importer un &amp;rapport de passation…</translation>
    </message>
    <message>
        <source>Adopt the jobs and uploads listed in a markdown submission report or JSON progress file</source>
        <translation>Reprendre les jobs et envois listés dans un rapport de soumission markdown ou un fichier de progression JSON</translation>
    </message>
    <message>
        <source>&amp;Open or create project…</source>
        <translation>&amp;Ouvrir ou créer un projet…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>E&amp;xécution</translation>
    </message>
    <message>
        <source>&amp;Batch</source>
        <translation>&amp;Lot</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Outils</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;About Batchboard</source>
        <translation>À &amp;propos de Batchboard</translation>
    </message>
    <message>
        <source>About Batchboard</source>
        <translation>À propos de Batchboard</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Batchboard %1&lt;/h3&gt;&lt;p&gt;Takes a folder of Gemini Batch API JSONL files to every result downloaded, through quota errors, expiring uploads and restarts.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Batchboard %1&lt;/h3&gt;&lt;p&gt;Mène un dossier de fichiers JSONL de l’API Gemini Batch jusqu’au dernier résultat téléchargé, malgré les erreurs de quota, les envois qui expirent et les redémarrages.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Graphiques</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Activité</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <source>Run state</source>
        <translation>État de l’exécution</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Progression de l’import</translation>
    </message>
    <message>
        <source>Stopped: %1 — fix the cause, then press Resume</source>
        <translation>Arrêté : %1 — corrigez la cause, puis appuyez sur Reprendre</translation>
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
        <translation>Émulateur Sandbox</translation>
    </message>
    <message>
        <source>Gemini API: %1</source>
        <translation>API Gemini : %1</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>Aucun projet ouvert</translation>
    </message>
    <message>
        <source>Open a project to start</source>
        <translation>Ouvrez un projet pour commencer</translation>
    </message>
    <message>
        <source>Drop to add these files to the project</source>
        <translation>Déposez pour ajouter ces fichiers au projet</translation>
    </message>
    <message>
        <source>An import is still running; drop again when it is done</source>
        <translation>Un import est encore en cours ; déposez à nouveau quand il sera terminé</translation>
    </message>
    <message>
        <source>Add a folder of batch files</source>
        <translation>Ajouter un dossier de fichiers de lot</translation>
    </message>
    <message>
        <source>An import is still running; try again when it is done</source>
        <translation>Un import est encore en cours ; réessayez quand il sera terminé</translation>
    </message>
    <message>
        <source>Import a hand-over report</source>
        <translation>Importer un rapport de passation</translation>
    </message>
    <message>
        <source>Hand-over reports (*.md *.markdown *.json);;All files (*)</source>
        <translation>Rapports de passation (*.md *.markdown *.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>Exporter les résultats</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Exporting results…</source>
        <translation>Export des résultats…</translation>
    </message>
    <message>
        <source>Open or create a project</source>
        <translation>Ouvrir ou créer un projet</translation>
    </message>
    <message>
        <source>Batchboard projects (*.batchboard);;All files (*)</source>
        <translation>Projets Batchboard (*.batchboard);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>bb::Naming</name>
    <message>
        <source>Batch numbers are read from the file names: the number in the name, or the last one when there are several (batch_011_proper.jsonl is batch 11).</source>
        <translation>Les numéros de lot sont lus dans les noms de fichier : le nombre dans le nom, ou le dernier s’il y en a plusieurs (batch_011_proper.jsonl est le lot 11).</translation>
    </message>
</context>
<context>
    <name>bb::ProblemListDialog</name>
    <message>
        <source>Problems</source>
        <translation>Problèmes</translation>
    </message>
    <message>
        <source>&amp;Copy list</source>
        <translation>&amp;Copier la liste</translation>
    </message>
</context>
<context>
    <name>bb::ProgressChart</name>
    <message>
        <source>Progress over time</source>
        <translation>Progression au fil du temps</translation>
    </message>
    <message>
        <source>Estimated end</source>
        <translation>Fin estimée</translation>
    </message>
    <message>
        <source>Batches by state over time</source>
        <translation>Lots par état au fil du temps</translation>
    </message>
    <message>
        <source>Batches by state — estimated end %1 (in under a minute)</source>
        <translation>Lots par état — fin estimée %1 (dans moins d’une minute)</translation>
    </message>
    <message numerus="yes">
        <source>Batches by state — estimated end %1 (in %n min)</source>
        <translation>
            <numerusform>Lots par état — fin estimée %1 (dans %n min)</numerusform>
            <numerusform>Lots par état — fin estimée %1 (dans %n min)</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches by state — all done</source>
        <translation>Lots par état — tout est terminé</translation>
    </message>
</context>
<context>
    <name>bb::ProxyLoginDialog</name>
    <message>
        <source>&amp;Remember the password in the system keychain</source>
        <translation>&amp;Mémoriser le mot de passe dans le trousseau du système</translation>
    </message>
    <message>
        <source>Proxy sign-in</source>
        <translation>Connexion au proxy</translation>
    </message>
    <message>
        <source>The proxy at &lt;b&gt;%1&lt;/b&gt; refused the user name and password. Enter them again; the run goes on once the proxy accepts them.</source>
        <translation>Le proxy &lt;b&gt;%1&lt;/b&gt; a refusé le nom d’utilisateur et le mot de passe. Saisissez-les à nouveau ; l’exécution reprend dès que le proxy les accepte.</translation>
    </message>
    <message>
        <source>The proxy at &lt;b&gt;%1&lt;/b&gt; asks for a user name and password before any request reaches the Gemini API. The run goes on once the proxy accepts them.</source>
        <translation>Le proxy &lt;b&gt;%1&lt;/b&gt; demande un nom d’utilisateur et un mot de passe avant qu’une requête n’atteigne l’API Gemini. L’exécution reprend dès que le proxy les accepte.</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Nom d’utilisateur du proxy</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Mot de passe du proxy</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>Nom d’&amp;utilisateur :</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>Mot de &amp;passe :</translation>
    </message>
    <message>
        <source>&amp;Sign in and resume</source>
        <translation>&amp;Se connecter et reprendre</translation>
    </message>
</context>
<context>
    <name>bb::ProxyLoginPrompt</name>
    <message>
        <source>The proxy password for %1 was not saved in the keychain (%2); it is used until Batchboard quits.</source>
        <translation>Le mot de passe du proxy %1 n’a pas été enregistré dans le trousseau (%2) ; il sert jusqu’à la fermeture de Batchboard.</translation>
    </message>
</context>
<context>
    <name>bb::QtChartsPanel</name>
    <message>
        <source>Charts</source>
        <translation>Graphiques</translation>
    </message>
    <message>
        <source>Active jobs: %1 of %2 allowed (%3%)</source>
        <translation>Jobs actifs : %1 sur %2 autorisés (%3 %)</translation>
    </message>
    <message>
        <source>File storage: %1 of %2 (%3%)</source>
        <translation>Stockage de fichiers : %1 sur %2 (%3 %)</translation>
    </message>
    <message>
        <source>GB</source>
        <translation>Go</translation>
    </message>
    <message>
        <source>Enqueued tokens: %1 of %2 (%3%)</source>
        <translation>Jetons en file : %1 sur %2 (%3 %)</translation>
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
        <translation>Prochain essai</translation>
    </message>
    <message>
        <source>Time left until the next retry</source>
        <translation>Temps restant avant le prochain essai</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>Quota</translation>
    </message>
    <message>
        <source>No batch is waiting for quota.</source>
        <translation>Aucun lot n’attend de quota.</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) waiting for %1: the next one starts as soon as a running job finishes</source>
        <translation>
            <numerusform>%n lot attend %1 : le suivant démarre dès qu’un job en cours se termine</numerusform>
            <numerusform>%n lots attendent %1 : le suivant démarre dès qu’un job en cours se termine</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Next try in %1 (at %2): %n batch(es) waiting for %3</source>
        <translation>
            <numerusform>Prochain essai dans %1 (à %2) : %n lot attend %3</numerusform>
            <numerusform>Prochain essai dans %1 (à %2) : %n lots attendent %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying again now: %n batch(es) waiting for %1</source>
        <translation>
            <numerusform>Nouvel essai maintenant : %n lot attend %1</numerusform>
            <numerusform>Nouvel essai maintenant : %n lots attendent %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Server refused at %1</source>
        <translation>Refus du serveur à %1</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
</context>
<context>
    <name>bb::QuotaTimelineChart</name>
    <message>
        <source>Job creation attempts and quota refusals over time</source>
        <translation>Tentatives de création de jobs et refus de quota au fil du temps</translation>
    </message>
    <message>
        <source>Job creation</source>
        <translation>Création de jobs</translation>
    </message>
    <message numerus="yes">
        <source>Create attempts per %n s</source>
        <translation>
            <numerusform>Tentatives de création par %n s</numerusform>
            <numerusform>Tentatives de création par %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refused (429) per %n s</source>
        <translation>
            <numerusform>Refusés (429) par %n s</numerusform>
            <numerusform>Refusés (429) par %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Job creation: %1 attempts, %2 refused (429)</source>
        <translation>Création de jobs : %1 tentatives, %2 refusées (429)</translation>
    </message>
</context>
<context>
    <name>bb::SandboxBanner</name>
    <message>
        <source>Create &amp;sample batches</source>
        <translation>Créer des lots d’&amp;exemple</translation>
    </message>
    <message>
        <source>Use my &amp;API key…</source>
        <translation>Utiliser ma clé &amp;API…</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Sample batches written</source>
        <translation>Lots d’exemple écrits</translation>
    </message>
    <message>
        <source>Write 194 files × 100 requests into a folder and add them, like a real run</source>
        <translation>Écrire 194 fichiers × 100 requêtes dans un dossier et les ajouter, comme pour une vraie exécution</translation>
    </message>
    <message>
        <source>Enter a Gemini API key in Settings to switch to the real API</source>
        <translation>Saisissez une clé API Gemini dans les Paramètres pour passer à la vraie API</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt; — no API key is set, so Batchboard runs everything against its built-in Gemini emulator (%1), nothing costs money. Its clock runs %2× faster and it refuses jobs beyond %3 at a time, like a quota wall; times shown are emulator time.</source>
        <translation>&lt;b&gt;Mode Sandbox&lt;/b&gt; — aucune clé API n’est définie : Batchboard exécute donc tout avec son émulateur Gemini intégré (%1), rien ne coûte d’argent. Son horloge tourne %2× plus vite et il refuse les jobs au-delà de %3 à la fois, comme un mur de quota ; les heures affichées sont celles de l’émulateur.</translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation>%v fichiers sur %m</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt; — %n sample batch(es) added. Press &lt;b&gt;Resume&lt;/b&gt; to upload them, create jobs until the emulator&apos;s quota wall, wait, and download every result.</source>
        <translation>
            <numerusform>&lt;b&gt;Mode Sandbox&lt;/b&gt; — %n lot d’exemple ajouté. Appuyez sur &lt;b&gt;Reprendre&lt;/b&gt; pour l’envoyer, créer des jobs jusqu’au mur de quota de l’émulateur, attendre et télécharger chaque résultat.</numerusform>
            <numerusform>&lt;b&gt;Mode Sandbox&lt;/b&gt; — %n lots d’exemple ajoutés. Appuyez sur &lt;b&gt;Reprendre&lt;/b&gt; pour les envoyer, créer des jobs jusqu’au mur de quota de l’émulateur, attendre et télécharger chaque résultat.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::SettingsDialog</name>
    <message>
        <source>Batchboard Settings</source>
        <translation>Paramètres de Batchboard</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Connexion</translation>
    </message>
    <message>
        <source>&amp;Work</source>
        <translation>&amp;Travail</translation>
    </message>
    <message>
        <source>&amp;Desktop</source>
        <translation>&amp;Bureau</translation>
    </message>
    <message>
        <source>Run batches against</source>
        <translation>Exécuter les lots avec</translation>
    </message>
    <message>
        <source>The &amp;Gemini API, with my API key (billed by Google)</source>
        <translation>L’API &amp;Gemini, avec ma clé API (facturée par Google)</translation>
    </message>
    <message>
        <source>The built-in &amp;Sandbox emulator (free; nothing leaves this computer)</source>
        <translation>L’émulateur &amp;Sandbox intégré (gratuit ; rien ne quitte cet ordinateur)</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clé API</translation>
    </message>
    <message>
        <source>Paste the key from Google AI Studio</source>
        <translation>Collez la clé depuis Google AI Studio</translation>
    </message>
    <message>
        <source>Show the key</source>
        <translation>Afficher la clé</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Résultat du test de connexion</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Avancé</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL de base</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>URL de &amp;base :</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modèle :</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <translation>Niveau %1</translation>
    </message>
    <message>
        <source>Billing tier</source>
        <translation>Niveau de facturation</translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation>Ni&amp;veau :</translation>
    </message>
    <message>
        <source>Tier 1</source>
        <translation>Niveau 1</translation>
    </message>
    <message>
        <source>Tier 2</source>
        <translation>Niveau 2</translation>
    </message>
    <message>
        <source>Tier 3</source>
        <translation>Niveau 3</translation>
    </message>
    <message>
        <source>Enqueued token limits per model and tier</source>
        <translation>Limites de jetons en file par modèle et par niveau</translation>
    </message>
    <message>
        <source>Restore published limits</source>
        <translation>Restaurer les limites publiées</translation>
    </message>
    <message>
        <source>Token limits:</source>
        <translation>Limites de jetons :</translation>
    </message>
    <message>
        <source>Concurrent batch jobs</source>
        <translation>Jobs de lot simultanés</translation>
    </message>
    <message>
        <source>&amp;Concurrent jobs:</source>
        <translation>&amp;Jobs simultanés :</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> Go</translation>
    </message>
    <message>
        <source>File storage limit</source>
        <translation>Limite de stockage de fichiers</translation>
    </message>
    <message>
        <source>File &amp;storage:</source>
        <translation>&amp;Stockage de fichiers :</translation>
    </message>
    <message>
        <source>Parallel uploads</source>
        <translation>Envois parallèles</translation>
    </message>
    <message>
        <source>Parallel &amp;uploads:</source>
        <translation>&amp;Envois parallèles :</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Expiry safety margin</source>
        <translation>Marge de sécurité avant expiration</translation>
    </message>
    <message>
        <source>Uploaded files expire after 48 hours. A file with less time left than this is uploaded again before a job is created from it.</source>
        <translation>Les fichiers envoyés expirent au bout de 48 heures. Un fichier auquel il reste moins de temps que cette marge est envoyé à nouveau avant qu’un job n’en soit créé.</translation>
    </message>
    <message>
        <source>&amp;Expiry safety margin:</source>
        <translation>Marge de sécurité avant e&amp;xpiration :</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Polling interval</source>
        <translation>Intervalle d’interrogation</translation>
    </message>
    <message>
        <source>How often job states are checked while they change; Batchboard slows down by itself when nothing moves.</source>
        <translation>Fréquence de vérification des états des jobs pendant qu’ils changent ; Batchboard ralentit de lui-même quand rien ne bouge.</translation>
    </message>
    <message>
        <source>&amp;Polling interval:</source>
        <translation>&amp;Intervalle d’interrogation :</translation>
    </message>
    <message>
        <source>Notify me when</source>
        <translation>M’avertir quand</translation>
    </message>
    <message>
        <source>all batches are &amp;done</source>
        <translation>tous les lots sont &amp;terminés</translation>
    </message>
    <message>
        <source>batches &amp;need attention (failed, cancelled, expired)</source>
        <translation>des lots requièrent mon &amp;attention (échoués, annulés, expirés)</translation>
    </message>
    <message>
        <source>the &amp;daily quota is reached</source>
        <translation>le &amp;quota quotidien est atteint</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue :</translation>
    </message>
    <message>
        <source>A new language takes effect when Batchboard starts again.</source>
        <translation>Une nouvelle langue prend effet au prochain démarrage de Batchboard.</translation>
    </message>
    <message>
        <source>Reading the system keychain…</source>
        <translation>Lecture du trousseau système…</translation>
    </message>
    <message>
        <source>Stored in the system keychain for %1.</source>
        <translation>Enregistrée dans le trousseau système pour %1.</translation>
    </message>
    <message>
        <source>No key stored for %1. Without a key Batchboard runs in Sandbox mode.</source>
        <translation>Aucune clé enregistrée pour %1. Sans clé, Batchboard fonctionne en mode Sandbox.</translation>
    </message>
    <message>
        <source>No system keychain is available (%1). Batchboard never writes the key to a file, so it cannot be saved here.</source>
        <translation>Aucun trousseau système n’est disponible (%1). Batchboard n’écrit jamais la clé dans un fichier ; elle ne peut donc pas être enregistrée ici.</translation>
    </message>
    <message>
        <source>The keychain refused access (%1). Unlock it and open Settings again.</source>
        <translation>Le trousseau a refusé l’accès (%1). Déverrouillez-le et rouvrez les Paramètres.</translation>
    </message>
    <message>
        <source>The keychain could not be read: %1</source>
        <translation>Le trousseau n’a pas pu être lu : %1</translation>
    </message>
    <message>
        <source>Changed from the published %1 million</source>
        <translation>Modifié par rapport aux %1 millions publiés</translation>
    </message>
    <message>
        <source>Saving the key in the system keychain…</source>
        <translation>Enregistrement de la clé dans le trousseau système…</translation>
    </message>
    <message>
        <source>The key was NOT saved: %1. Batchboard never stores it anywhere but the system keychain; clear the field to continue without it.</source>
        <translation>La clé n’a PAS été enregistrée : %1. Batchboard ne la stocke nulle part ailleurs que dans le trousseau système ; videz le champ pour continuer sans elle.</translation>
    </message>
    <message>
        <source>the keychain refused it</source>
        <translation>le trousseau l’a refusée</translation>
    </message>
    <message>
        <source>Co&amp;st</source>
        <translation>Co&amp;ût</translation>
    </message>
    <message>
        <source>Open a project to choose its model.</source>
        <translation>Ouvrez un projet pour choisir son modèle.</translation>
    </message>
    <message>
        <source>Millions of enqueued tokens allowed per model at a time, as Google published them on %1 (the service does not report them). Google changes these; if the server refuses jobs earlier, Batchboard learns the real limit by itself.</source>
        <translation>Millions de jetons en file autorisés par modèle à la fois, tels que Google les a publiés le %1 (le service ne les indique pas). Google les modifie ; si le serveur refuse des tâches plus tôt, Batchboard apprend seul la vraie limite.</translation>
    </message>
    <message>
        <source>the newest stable Flash model the key offers</source>
        <translation>le modèle Flash stable le plus récent proposé à la clé</translation>
    </message>
    <message>
        <source>The key&apos;s models are listed when the project runs; until then any model id may be typed. Empty: Resume chooses the newest stable Flash model.</source>
        <translation>Les modèles de la clé sont listés quand le projet s’exécute ; d’ici là, tout identifiant de modèle peut être saisi. Vide : Reprendre choisit le modèle Flash stable le plus récent.</translation>
    </message>
    <message>
        <source>%1 (not offered to this key)</source>
        <translation>%1 (non proposé à cette clé)</translation>
    </message>
    <message>
        <source>The models this key offers for batch jobs, as the service lists them.</source>
        <translation>Les modèles que cette clé propose pour les tâches par lots, tels que le service les liste.</translation>
    </message>
    <message>
        <source>Change only for a gateway in front of the API. Plain http is refused except to this computer. The key is stored per server host.</source>
        <translation>À modifier seulement pour une passerelle placée devant l’API. Le http non chiffré est refusé, sauf vers cet ordinateur. La clé est enregistrée par hôte de serveur.</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Use the s&amp;ystem&apos;s proxy settings</source>
        <translation>Utiliser les réglages proxy du s&amp;ystème</translation>
    </message>
    <message>
        <source>The https_proxy, http_proxy, all_proxy and no_proxy environment variables, else the desktop&apos;s network settings</source>
        <translation>Les variables d’environnement https_proxy, http_proxy, all_proxy et no_proxy, sinon les réglages réseau du bureau</translation>
    </message>
    <message>
        <source>No pro&amp;xy: connect directly</source>
        <translation>Pas de pro&amp;xy : connexion directe</translation>
    </message>
    <message>
        <source>Use this &amp;proxy:</source>
        <translation>Utiliser ce &amp;proxy :</translation>
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
        <translation>Type de proxy</translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation>Hôte du proxy</translation>
    </message>
    <message>
        <source>proxy.example.com</source>
        <translation>proxy.example.com</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>Port du proxy</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Nom d’utilisateur du proxy</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Mot de passe du proxy</translation>
    </message>
    <message>
        <source>This computer (the Sandbox, a local emulator) is always reached directly. The proxy password is kept in the system keychain.</source>
        <translation>Cet ordinateur (la Sandbox, un émulateur local) est toujours joint directement. Le mot de passe du proxy est conservé dans le trousseau du système.</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port :</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Utilisateur :</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Mot de pass&amp;e :</translation>
    </message>
    <message>
        <source>Enter the proxy&apos;s host name, or choose another option.</source>
        <translation>Saisissez le nom d’hôte du proxy, ou choisissez une autre option.</translation>
    </message>
    <message>
        <source>The proxy password was NOT saved: %1. Batchboard keeps it only in the system keychain; clear the field to continue without it.</source>
        <translation>Le mot de passe du proxy n’a PAS été enregistré : %1. Batchboard ne le garde que dans le trousseau du système ; videz le champ pour continuer sans lui.</translation>
    </message>
</context>
<context>
    <name>bb::TrayController</name>
    <message>
        <source>Show or hide Batchboard</source>
        <translation>Afficher ou masquer Batchboard</translation>
    </message>
    <message>
        <source>Batchboard — no project open</source>
        <translation>Batchboard — aucun projet ouvert</translation>
    </message>
    <message>
        <source>Batchboard — %1
%2</source>
        <translation>Batchboard — %1
%2</translation>
    </message>
    <message>
        <source>All batches are done</source>
        <translation>Tous les lots sont terminés</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) finished and their results are downloaded.</source>
        <translation>
            <numerusform>%n lot est terminé et ses résultats sont téléchargés.</numerusform>
            <numerusform>%n lots sont terminés et leurs résultats sont téléchargés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches need attention</source>
        <translation>Des lots requièrent votre attention</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) failed, were cancelled or expired, or need you to act.</source>
        <translation>
            <numerusform>%n lot a échoué, a été annulé ou a expiré, ou attend une action de votre part.</numerusform>
            <numerusform>%n lots ont échoué, ont été annulés ou ont expiré, ou attendent une action de votre part.</numerusform>
        </translation>
    </message>
    <message>
        <source>Daily quota reached</source>
        <translation>Quota quotidien atteint</translation>
    </message>
    <message>
        <source>No more jobs can be created today. Batchboard tries again at %1.</source>
        <translation>Plus aucun job ne peut être créé aujourd’hui. Batchboard réessaiera à %1.</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>%1 needs a value</source>
        <translation>%1 demande une valeur</translation>
    </message>
    <message>
        <source>unknown option %1</source>
        <translation>option inconnue %1</translation>
    </message>
    <message>
        <source>no command given</source>
        <translation>aucune commande indiquée</translation>
    </message>
    <message>
        <source>unknown command %1</source>
        <translation>commande inconnue %1</translation>
    </message>
    <message>
        <source>run `batchboard-cli --help` for usage</source>
        <translation>lancez `batchboard-cli --help` pour l’utilisation</translation>
    </message>
    <message>
        <source>%1 is open for writing in another program: %2. Close it there, or use a command that only reads (status, export).</source>
        <translation>%1 est ouvert en écriture dans un autre programme : %2. Fermez-le là-bas, ou utilisez une commande en lecture seule (status, export).</translation>
    </message>
    <message>
        <source>%1 was written by a newer Batchboard (schema %2); update Batchboard to open it. The file was not changed.</source>
        <translation>%1 a été écrit par une version plus récente de Batchboard (schéma %2) ; mettez Batchboard à jour pour l’ouvrir. Le fichier n’a pas été modifié.</translation>
    </message>
    <message>
        <source>%1 is not a Batchboard project (%2). The file was not changed.</source>
        <translation>%1 n’est pas un projet Batchboard (%2). Le fichier n’a pas été modifié.</translation>
    </message>
    <message>
        <source>%1 is damaged (%2).</source>
        <translation>%1 est endommagé (%2).</translation>
    </message>
    <message>
        <source>cannot use %1: %2</source>
        <translation>impossible d’utiliser %1 : %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: skipped (%2)</source>
        <translation>%1 : ignoré (%2)</translation>
    </message>
    <message>
        <source>%1 other files skipped (not .jsonl)</source>
        <translation>%1 autres fichiers ignorés (pas .jsonl)</translation>
    </message>
    <message>
        <source>no .jsonl files found in %1</source>
        <translation>aucun fichier .jsonl trouvé dans %1</translation>
    </message>
    <message>
        <source>%1: %2 more problems not shown</source>
        <translation>%1 : %2 autres problèmes non affichés</translation>
    </message>
    <message>
        <source>validate needs at least one file or folder</source>
        <translation>validate demande au moins un fichier ou un dossier</translation>
    </message>
    <message>
        <source>%1 files, %2 requests, %3 bytes, %4 invalid
</source>
        <translation>%1 fichiers, %2 requêtes, %3 octets, %4 invalides
</translation>
    </message>
    <message>
        <source>import needs at least one file or folder</source>
        <translation>import demande au moins un fichier ou un dossier</translation>
    </message>
    <message>
        <source>%1 added, %2 unchanged, %3 updated, %4 rejected
</source>
        <translation>%1 ajoutés, %2 inchangés, %3 mis à jour, %4 rejetés
</translation>
    </message>
    <message>
        <source>import-report needs exactly one report file</source>
        <translation>import-report demande exactement un fichier de rapport</translation>
    </message>
    <message>
        <source>%1 is too large to be a hand-over report</source>
        <translation>%1 est trop volumineux pour être un rapport de passation</translation>
    </message>
    <message>
        <source>%1 jobs and %2 uploaded files adopted, %3 already known, %4 pending batches listed; Resume verifies them with the server
</source>
        <translation>%1 jobs et %2 fichiers envoyés repris, %3 déjà connus, %4 lots en attente listés ; resume les vérifie auprès du serveur
</translation>
    </message>
    <message>
        <source>export needs --out FILE</source>
        <translation>export demande --out FILE</translation>
    </message>
    <message>
        <source>export failed, %1 was not written: %2</source>
        <translation>échec de l’export, %1 n’a pas été écrit : %2</translation>
    </message>
    <message>
        <source>%1 lines written to %2: %3 succeeded, %4 failed, %5 blocked, %6 without a result
</source>
        <translation>%1 lignes écrites dans %2 : %3 réussies, %4 échouées, %5 bloquées, %6 sans résultat
</translation>
    </message>
    <message>
        <source>--spend-cap needs an amount in USD or &quot;none&quot;, not %1</source>
        <translation>--spend-cap demande un montant en USD ou « none », pas %1</translation>
    </message>
    <message>
        <source>refusing base URL %1: %2</source>
        <translation>URL de base %1 refusée : %2</translation>
    </message>
    <message>
        <source>no API key: set GEMINI_API_KEY or store one with the desktop app&apos;s Settings</source>
        <translation>pas de clé API : définissez GEMINI_API_KEY ou enregistrez-en une dans les Paramètres de l’application de bureau</translation>
    </message>
    <message>
        <source>no API key: the keychain could not be read (%1); set GEMINI_API_KEY instead</source>
        <translation>pas de clé API : le trousseau n’a pas pu être lu (%1) ; définissez plutôt GEMINI_API_KEY</translation>
    </message>
    <message>
        <source>%1/%2 downloaded, %3 active jobs</source>
        <translation>%1/%2 téléchargés, %3 jobs actifs</translation>
    </message>
    <message>
        <source>, %1 waiting for quota</source>
        <translation>, %1 en attente de quota</translation>
    </message>
    <message>
        <source>, creates blocked (%1) until %2</source>
        <translation>, créations bloquées (%1) jusqu’à %2</translation>
    </message>
    <message>
        <source>, %1 need attention</source>
        <translation>, %1 à traiter</translation>
    </message>
    <message>
        <source>, %1 waiting: spend cap</source>
        <translation>, %1 en attente : plafond de dépenses</translation>
    </message>
    <message>
        <source>%1 batches need attention (see `status`)</source>
        <translation>%1 lots requièrent votre attention (voir `status`)</translation>
    </message>
    <message>
        <source>blocked by the spend cap: %1 batches wait; raise it with resume --spend-cap USD
</source>
        <translation>bloqué par le plafond de dépenses : %1 lots attendent ; relevez-le avec resume --spend-cap USD
</translation>
    </message>
    <message>
        <source>blocked until %1 (%2)
</source>
        <translation>bloqué jusqu’à %1 (%2)
</translation>
    </message>
    <message>
        <source>deleting %1 remote files no longer needed
</source>
        <translation>suppression de %1 fichiers distants devenus inutiles
</translation>
    </message>
    <message>
        <source>interrupted; run resume again to continue</source>
        <translation>interrompu ; relancez resume pour continuer</translation>
    </message>
    <message>
        <source>%1: no batch, job or uploaded file found in this report; nothing was adopted</source>
        <translation>%1 : aucun lot, aucune tâche ni aucun fichier téléversé dans ce rapport ; rien n’a été repris</translation>
    </message>
    <message>
        <source>tracking files read earlier</source>
        <translation>fichiers de suivi lus précédemment</translation>
    </message>
    <message>
        <source>tracking files read earlier: %1
</source>
        <translation>fichiers de suivi lus précédemment : %1
</translation>
    </message>
    <message>
        <source>%1: lists %2 local files and nothing on the server; nothing to adopt
</source>
        <translation>%1 : liste %2 fichiers locaux et rien sur le serveur ; rien à reprendre
</translation>
    </message>
    <message>
        <source>--canary-minutes needs a number of minutes, not %1</source>
        <translation>--canary-minutes attend un nombre de minutes, pas %1</translation>
    </message>
    <message>
        <source>paused: %1
look at the results; run resume --continue-anyway to create the remaining jobs</source>
        <translation>en pause : %1
consultez les résultats ; lancez resume --continue-anyway pour créer les jobs restants</translation>
    </message>
    <message>
        <source>could not list the key&apos;s models (%1); using %2 unchecked</source>
        <translation>impossible de lister les modèles de la clé (%1) ; %2 est utilisé sans vérification</translation>
    </message>
    <message>
        <source>--model %1: this key offers no such model for batch jobs
available models: %2</source>
        <translation>--model %1 : cette clé ne propose pas ce modèle pour les tâches par lots
modèles disponibles : %2</translation>
    </message>
    <message>
        <source>
run resume --model NAME with one of: %1</source>
        <translation>
lancez resume --model NOM avec l’un de ceux-ci : %1</translation>
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
        <translation>Utilisation : batchboard-cli [options] COMMANDE [ARGUMENTS...]

Mène des dossiers de fichiers JSONL de l’API Gemini Batch jusqu’au dernier résultat téléchargé.

Commandes :
  import DIR|FILE...     ajouter des fichiers JSONL au projet (les dossiers sont parcourus pour *.jsonl)
  import-report FILE     reprendre jobs et envois d’un rapport markdown ou d’un fichier de progression JSON
  validate PATH...       vérifier des fichiers JSONL sans projet ; code de sortie 1 si quelque chose est invalide
  status [--json]        afficher chaque lot et les totaux
  resume [--until-done]  envoyer, créer les jobs, interroger et télécharger ; code 0 quand chaque lot est
                         téléchargé, 3 si bloqué jusqu’à une heure connue, 2 en cas d’erreur fatale
  export --out FILE      une ligne par clé d’entrée, dans l’ordre d’entrée : sa réponse ou son erreur
  cancel [BATCH...]      annuler les jobs des lots indiqués (tous si aucun n’est indiqué)
  cleanup                supprimer les fichiers distants devenus inutiles

Options (avant ou après la commande) :
  --project FILE         le fichier de projet (par défaut : %1)
  --base-url URL         l’URL de base de l’API (https ; http seulement en boucle locale)
  --model NAME           le modèle des nouvelles tâches, vérifié auprès des modèles de la clé (par défaut :
                         le modèle Flash stable le plus récent de la clé, choisi au premier resume)
  --proxy URL            le proxy de chaque requête : http://[user:password@]host:port ou
                         socks5://host:port ; none : connexion directe ; system : les variables
                         https_proxy/http_proxy/all_proxy/no_proxy, sinon les réglages proxy
                         du bureau. Par défaut : Réglages › Connexion de l’application de bureau,
                         sinon system. Les hôtes locaux (loopback) n’utilisent jamais de proxy
  --spend-cap USD|none   avec resume : enregistrer d’abord le plafond de dépenses du projet (prix par lot) ;
                         aucun job dont l’estimation le dépasserait n’est créé
  --canary-minutes N     avec resume : le premier job du projet tourne seul jusqu&apos;à N
                         minutes (30 par défaut ; 0 = désactivé), jusqu&apos;à son retour
  --continue-anyway      avec resume : continuer malgré un job dont la plupart des lignes ont échoué
  -h, --help             afficher cette aide
  -v, --version          afficher la version

La clé API provient de la variable d’environnement GEMINI_API_KEY ou du trousseau système.
</translation>
    </message>
    <message>
        <source>--proxy needs http://[user:password@]host:port, none or system: %1</source>
        <translation>--proxy attend http://[user:password@]host:port, none ou system : %1</translation>
    </message>
    <message>
        <source>the proxy at %1 refused the user name and password: correct them with --proxy http://user:pass@host:port or in the desktop app&apos;s Settings</source>
        <translation>le proxy %1 a refusé le nom d’utilisateur et le mot de passe : corrigez-les avec --proxy http://user:pass@host:port ou dans les Réglages de l’application de bureau</translation>
    </message>
    <message>
        <source>the proxy at %1 requires a user name and password: set them with --proxy http://user:pass@host:port or in the desktop app&apos;s Settings</source>
        <translation>le proxy %1 demande un nom d’utilisateur et un mot de passe : indiquez-les avec --proxy http://user:pass@host:port ou dans les Réglages de l’application de bureau</translation>
    </message>
    <message>
        <source>%1; check --proxy, the https_proxy, http_proxy, all_proxy and no_proxy variables, or the desktop app&apos;s Settings</source>
        <translation>%1 ; vérifiez --proxy, les variables https_proxy, http_proxy, all_proxy et no_proxy, ou les Réglages de l’application de bureau</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Takes a folder of Gemini Batch API JSONL files to every result downloaded.</source>
        <translation>Mène un dossier de fichiers JSONL de l’API Gemini Batch jusqu’au dernier résultat téléchargé.</translation>
    </message>
    <message>
        <source>Run against the built-in emulator this time.</source>
        <translation>Utiliser l’émulateur intégré cette fois-ci.</translation>
    </message>
    <message>
        <source>Benchmark: open the project offline (built-in emulator, nothing submitted), print the milliseconds to the first painted batch table and quit.</source>
        <translation>Benchmark : ouvrir le projet hors ligne (émulateur intégré, rien n’est soumis), afficher les millisecondes jusqu’au premier affichage de la table des lots et quitter.</translation>
    </message>
    <message>
        <source>Project file to open (created if missing).</source>
        <translation>Fichier de projet à ouvrir (créé s’il n’existe pas).</translation>
    </message>
</context>
</TS>
