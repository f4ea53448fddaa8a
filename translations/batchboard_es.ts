<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AppTranslator</name>
    <message>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
</context>
<context>
    <name>BatchFilter</name>
    <message>
        <source>All</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>Sin subir</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Subiendo</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Subidos</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>Caducan pronto</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Caducados</translation>
    </message>
    <message>
        <source>Waiting for quota</source>
        <translation>Esperando cuota</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendientes</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En ejecución</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Completados</translation>
    </message>
    <message>
        <source>Failed / Cancelled / Expired jobs</source>
        <translation>Trabajos fallidos / cancelados / caducados</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Requieren atención</translation>
    </message>
</context>
<context>
    <name>EventText</name>
    <message>
        <source>later</source>
        <translation>más tarde</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>Depuración</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Advertencia</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Upload started (%1)</source>
        <translation>Subida iniciada (%1)</translation>
    </message>
    <message>
        <source>Upload resumed at %1 of %2</source>
        <translation>Subida reanudada en %1 de %2</translation>
    </message>
    <message>
        <source>Uploaded as %1, expires %2</source>
        <translation>Subido como %1, caduca %2</translation>
    </message>
    <message>
        <source>Upload refused by a quota (429)</source>
        <translation>Subida rechazada por una cuota (429)</translation>
    </message>
    <message>
        <source>Upload failed</source>
        <translation>Error en la subida</translation>
    </message>
    <message>
        <source>The server&apos;s copy does not match the local file; uploading again</source>
        <translation>La copia del servidor no coincide con el archivo local; se sube de nuevo</translation>
    </message>
    <message>
        <source>The local file changed or is missing; not uploaded</source>
        <translation>El archivo local ha cambiado o falta; no se ha subido</translation>
    </message>
    <message>
        <source>Creating a job (%1 jobs active)</source>
        <translation>Creando un trabajo (%1 trabajos activos)</translation>
    </message>
    <message>
        <source>Job %1 created</source>
        <translation>Trabajo %1 creado</translation>
    </message>
    <message>
        <source>Job creation may or may not have worked; checking with the server</source>
        <translation>No está claro si se creó el trabajo; se consulta al servidor</translation>
    </message>
    <message>
        <source>Job creation rate-limited (429), waiting</source>
        <translation>Creación de trabajos limitada por frecuencia (429), esperando</translation>
    </message>
    <message>
        <source>Daily job-creation quota reached (429); next try %1</source>
        <translation>Cuota diaria de creación de trabajos alcanzada (429); próximo intento %1</translation>
    </message>
    <message>
        <source>Server refused a new job at %1 active jobs (429: batch capacity); trying again %2</source>
        <translation>El servidor rechazó un nuevo trabajo con %1 trabajos activos (429: capacidad de lotes); nuevo intento %2</translation>
    </message>
    <message>
        <source>The input file is gone from the server; it will be uploaded again</source>
        <translation>El archivo de entrada ya no está en el servidor; se subirá de nuevo</translation>
    </message>
    <message>
        <source>Job creation refused; retrying cannot help</source>
        <translation>Creación del trabajo rechazada; reintentar no servirá de nada</translation>
    </message>
    <message>
        <source>Job cancelled on request</source>
        <translation>Trabajo cancelado a petición</translation>
    </message>
    <message>
        <source>Cancelling the job failed</source>
        <translation>Error al cancelar el trabajo</translation>
    </message>
    <message>
        <source>Job %1 set aside; a new job will be created</source>
        <translation>Trabajo %1 apartado; se creará un trabajo nuevo</translation>
    </message>
    <message>
        <source>No progress since %1; the job may be stuck</source>
        <translation>Sin progreso desde %1; puede que el trabajo esté atascado</translation>
    </message>
    <message>
        <source>The job no longer exists on the server</source>
        <translation>El trabajo ya no existe en el servidor</translation>
    </message>
    <message>
        <source>Checking job states failed</source>
        <translation>Error al consultar los estados de los trabajos</translation>
    </message>
    <message>
        <source>Downloading results from %1</source>
        <translation>Descargando resultados de %1</translation>
    </message>
    <message>
        <source>Downloading results failed</source>
        <translation>Error al descargar los resultados</translation>
    </message>
    <message>
        <source>Results downloaded: %1 succeeded, %2 failed or missing</source>
        <translation>Resultados descargados: %1 correctas, %2 fallidas o ausentes</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Remote file %1 deleted</source>
        <translation>Archivo remoto %1 eliminado</translation>
    </message>
    <message>
        <source>%1 failed or missing requests queued again as %2</source>
        <translation>%1 solicitudes fallidas o ausentes puestas de nuevo en cola como %2</translation>
    </message>
    <message>
        <source>Could not write the resubmission file</source>
        <translation>No se pudo escribir el archivo de reenvío</translation>
    </message>
    <message>
        <source>Comparing with the server failed; will try again</source>
        <translation>Error al comparar con el servidor; se volverá a intentar</translation>
    </message>
    <message>
        <source>Uploaded file %1 is gone from the server</source>
        <translation>El archivo subido %1 ya no está en el servidor</translation>
    </message>
    <message>
        <source>Found this file already uploaded as %1</source>
        <translation>Este archivo ya estaba subido como %1</translation>
    </message>
    <message>
        <source>Found this job already on the server: %1</source>
        <translation>Este trabajo ya está en el servidor: %1</translation>
    </message>
    <message>
        <source>%1 jobs on the server carry this batch&apos;s name; the first one is used</source>
        <translation>%1 trabajos del servidor llevan el nombre de este lote; se usa el primero</translation>
    </message>
    <message>
        <source>The server never created the job; it will be created again</source>
        <translation>El servidor nunca creó el trabajo; se creará de nuevo</translation>
    </message>
    <message>
        <source>Added to the project (%1 requests)</source>
        <translation>Añadido al proyecto (%1 solicitudes)</translation>
    </message>
    <message>
        <source>The file changed after it was uploaded; the new version was not taken</source>
        <translation>El archivo cambió después de subirse; no se ha tomado la versión nueva</translation>
    </message>
    <message>
        <source>Adopted from a hand-over report (job %1, file %2)</source>
        <translation>Adoptado de un informe de traspaso (trabajo %1, archivo %2)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Retry requested</source>
        <translation>Reintento solicitado</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Reanudado</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pausa</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <source>Found this file already uploaded as %1 (&quot;%2&quot;, same sha256)</source>
        <translation>Este archivo ya está subido como %1 («%2», mismo sha256)</translation>
    </message>
    <message>
        <source>Found this job already on the server: %1 (&quot;%2&quot;)</source>
        <translation>Este trabajo ya está en el servidor: %1 («%2»)</translation>
    </message>
    <message>
        <source>Its input file is gone; matched to %1 (&quot;%2&quot;) by batch number and request count</source>
        <translation>Su archivo de entrada ya no existe; asociado a %1 («%2») por número de lote y número de solicitudes</translation>
    </message>
    <message>
        <source>May already be submitted; held for you</source>
        <translation>Quizá ya se envió; retenido para usted</translation>
    </message>
    <message>
        <source>Upload %1 holds other bytes than this file; it is not used</source>
        <translation>La subida %1 contiene otros bytes que este archivo; no se usa</translation>
    </message>
    <message>
        <source>Job %1 has this batch&apos;s name but other input; left alone</source>
        <translation>El trabajo %1 tiene el nombre de este lote pero otra entrada; no se toca</translation>
    </message>
    <message>
        <source>Adopted from %3 (job %1, file %2)</source>
        <translation>Adoptado de %3 (trabajo %1, archivo %2)</translation>
    </message>
    <message>
        <source>Its requests have no keys: uploading a copy with keys added (%1)</source>
        <translation>Sus solicitudes no tienen clave: se sube una copia con claves añadidas (%1)</translation>
    </message>
    <message>
        <source>Could not write the copy with keys added</source>
        <translation>No se pudo escribir la copia con claves añadidas</translation>
    </message>
    <message>
        <source>%1 of %2 lines failed: new jobs are paused until you continue</source>
        <translation>%1 de %2 líneas fallaron: los trabajos nuevos esperan hasta que continúe</translation>
    </message>
    <message>
        <source>Continued despite the failed lines</source>
        <translation>Se continuó pese a las líneas fallidas</translation>
    </message>
</context>
<context>
    <name>ProjectSession</name>
    <message>
        <source>The project %1 is already open in another Batchboard window or in batchboard-cli (%2). Only one program may work on a project at a time: switch to that window, or close it and try again.</source>
        <translation>El proyecto %1 ya está abierto en otra ventana de Batchboard o en batchboard-cli (%2). Solo un programa puede trabajar en un proyecto a la vez: cambie a esa ventana, o ciérrela e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The project %1 was written by a newer Batchboard (schema %2). Update Batchboard to open it; the file was not changed.</source>
        <translation>El proyecto %1 lo escribió una versión más reciente de Batchboard (esquema %2). Actualice Batchboard para abrirlo; el archivo no se ha modificado.</translation>
    </message>
    <message>
        <source>%1 is not a Batchboard project (%2). The file was not changed.</source>
        <translation>%1 no es un proyecto de Batchboard (%2). El archivo no se ha modificado.</translation>
    </message>
    <message>
        <source>The project %1 is damaged: %2</source>
        <translation>El proyecto %1 está dañado: %2</translation>
    </message>
    <message>
        <source>The project %1 cannot be used: %2</source>
        <translation>El proyecto %1 no se puede usar: %2</translation>
    </message>
    <message>
        <source>The project %1 refused a change: %2</source>
        <translation>El proyecto %1 rechazó un cambio: %2</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Descargando</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En ejecución</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendientes</translation>
    </message>
    <message>
        <source>Uploaded, no job yet</source>
        <translation>Subido, aún sin trabajo</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Subiendo</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>Sin subir</translation>
    </message>
    <message>
        <source>Failed / cancelled / expired</source>
        <translation>Fallido / cancelado / caducado</translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message>
        <source>No batches yet — drop a folder of .jsonl files here, or use Add folder…</source>
        <translation>Aún no hay lotes: suelte aquí una carpeta de archivos .jsonl o use Añadir carpeta…</translation>
    </message>
    <message>
        <source>%1/%2 done</source>
        <translation>%1/%2 hechos</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for quota</source>
        <translation>
            <numerusform>%n esperando cuota</numerusform>
            <numerusform>%n esperando cuota</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, next try %2</source>
        <translation>%1, próximo intento %2</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) active</source>
        <translation>
            <numerusform>%n trabajo activo</numerusform>
            <numerusform>%n trabajos activos</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 stored</source>
        <translation>%1 almacenados</translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n requiere atención</numerusform>
            <numerusform>%n requieren atención</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) failed</source>
        <translation>
            <numerusform>%n solicitud fallida</numerusform>
            <numerusform>%n solicitudes fallidas</numerusform>
        </translation>
    </message>
    <message>
        <source>the run to be resumed</source>
        <translation>que se reanude la ejecución</translation>
    </message>
    <message>
        <source>an upload slot</source>
        <translation>un hueco de subida</translation>
    </message>
    <message>
        <source>the rate limit</source>
        <translation>el límite de frecuencia</translation>
    </message>
    <message>
        <source>the daily quota</source>
        <translation>la cuota diaria</translation>
    </message>
    <message>
        <source>batch capacity</source>
        <translation>capacidad de lotes</translation>
    </message>
    <message>
        <source>the concurrent job limit</source>
        <translation>el límite de trabajos simultáneos</translation>
    </message>
    <message>
        <source>the enqueued token limit</source>
        <translation>el límite de tokens en cola</translation>
    </message>
    <message>
        <source>file storage</source>
        <translation>almacenamiento de archivos</translation>
    </message>
    <message>
        <source>a fresh upload</source>
        <translation>una subida nueva</translation>
    </message>
    <message>
        <source>the spend cap</source>
        <translation>el límite de gasto</translation>
    </message>
    <message>
        <source>a retry after an error</source>
        <translation>un reintento tras un error</translation>
    </message>
    <message>
        <source>you (held)</source>
        <translation>usted (retenido)</translation>
    </message>
    <message>
        <source>you</source>
        <translation>usted</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <source>All done</source>
        <translation>Todo hecho</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pausa</translation>
    </message>
    <message>
        <source>Checking with the server…</source>
        <translation>Consultando al servidor…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En ejecución</translation>
    </message>
    <message>
        <source>the first job (it runs alone)</source>
        <translation>el primer trabajo (se ejecuta solo)</translation>
    </message>
    <message>
        <source>you (a job&apos;s lines failed)</source>
        <translation>usted (fallaron las líneas de un trabajo)</translation>
    </message>
    <message>
        <source>you (choose another model)</source>
        <translation>usted (elegir otro modelo)</translation>
    </message>
    <message>
        <source>you (billing)</source>
        <translation>usted (facturación)</translation>
    </message>
</context>
<context>
    <name>bb::ActivityLogView</name>
    <message>
        <source>Activity log</source>
        <translation>Registro de actividad</translation>
    </message>
    <message>
        <source>All batches</source>
        <translation>Todos los lotes</translation>
    </message>
    <message>
        <source>Project events only</source>
        <translation>Solo eventos del proyecto</translation>
    </message>
    <message>
        <source>Selected batch</source>
        <translation>Lote seleccionado</translation>
    </message>
    <message>
        <source>Show events of</source>
        <translation>Mostrar eventos de</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Todo</translation>
    </message>
    <message>
        <source>Information and above</source>
        <translation>Información y superior</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Advertencias y errores</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Solo errores</translation>
    </message>
    <message>
        <source>Minimum severity</source>
        <translation>Gravedad mínima</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Buscar en el registro</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Mostrar:</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>&amp;Nivel:</translation>
    </message>
</context>
<context>
    <name>bb::AppController</name>
    <message>
        <source>Cannot open the project</source>
        <translation>No se puede abrir el proyecto</translation>
    </message>
    <message>
        <source>The base URL %1 is not allowed: %2. Change it in Settings › Connection › Advanced.</source>
        <translation>La URL base %1 no está permitida: %2. Cámbiela en Configuración › Conexión › Avanzado.</translation>
    </message>
    <message>
        <source>The sample batches could not be written: %1</source>
        <translation>No se pudieron escribir los lotes de ejemplo: %1</translation>
    </message>
    <message>
        <source>Sandbox mode is unavailable: the built-in emulator could not start (%1).</source>
        <translation>El modo Sandbox no está disponible: el emulador integrado no pudo iniciarse (%1).</translation>
    </message>
    <message>
        <source>Sandbox mode</source>
        <translation>Modo Sandbox</translation>
    </message>
    <message>
        <source>Projects are opened against the real Gemini API. Enter an API key in Settings first; Sandbox mode always works on a fresh practice project.</source>
        <translation>Los proyectos se abren con la API de Gemini real. Introduzca primero una clave de API en Configuración; el modo Sandbox siempre trabaja sobre un proyecto de prueba nuevo.</translation>
    </message>
</context>
<context>
    <name>bb::BatchActions</name>
    <message>
        <source>&amp;Add folder…</source>
        <translation>&amp;Añadir carpeta…</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>Add a folder of .jsonl request files (or drop it on the window)</source>
        <translation>Añadir una carpeta de archivos de solicitudes .jsonl (o soltarla sobre la ventana)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Reanudar</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Check with the server, then upload, create jobs, wait out quotas and download until done</source>
        <translation>Consultar al servidor y luego subir, crear trabajos, esperar las cuotas y descargar hasta terminar</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausa</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Start nothing new; running uploads finish their chunk and everything stays resumable</source>
        <translation>No iniciar nada nuevo; las subidas en curso terminan su bloque y todo se puede reanudar</translation>
    </message>
    <message>
        <source>&amp;Cancel selected</source>
        <translation>&amp;Cancelar selección</translation>
    </message>
    <message>
        <source>Cancel the selected batches&apos; jobs on the server, or hold batches that have no job yet</source>
        <translation>Cancelar en el servidor los trabajos de los lotes seleccionados, o retener los lotes que aún no tienen trabajo</translation>
    </message>
    <message>
        <source>Cancel &amp;all…</source>
        <translation>Cancelar &amp;todo…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Del</source>
        <translation>Ctrl+Shift+Del</translation>
    </message>
    <message>
        <source>Cancel every running job and hold every batch not yet submitted</source>
        <translation>Cancelar todos los trabajos en ejecución y retener todos los lotes aún no enviados</translation>
    </message>
    <message>
        <source>&amp;Download results</source>
        <translation>&amp;Descargar resultados</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Download the results of the selected batches (or of every finished job if none is selected)</source>
        <translation>Descargar los resultados de los lotes seleccionados (o de todos los trabajos terminados si no hay selección)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportar…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Write one JSONL with a line per request, in input order</source>
        <translation>Escribir un JSONL con una línea por solicitud, en el orden de entrada</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>C&amp;onfiguración…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>API key, model, quota limits, notifications and language</source>
        <translation>Clave de API, modelo, límites de cuota, notificaciones e idioma</translation>
    </message>
    <message>
        <source>&amp;Upload now</source>
        <translation>S&amp;ubir ahora</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>Upload the selected files now, ahead of the queue</source>
        <translation>Subir ahora los archivos seleccionados, antes que la cola</translation>
    </message>
    <message>
        <source>Create &amp;job now</source>
        <translation>Crear &amp;trabajo ahora</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>Create the selected batches&apos; jobs now, ahead of the queue</source>
        <translation>Crear ahora los trabajos de los lotes seleccionados, antes que la cola</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>Re&amp;intentar</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>Try failed, cancelled, expired or held batches again (a new job replaces an ended one)</source>
        <translation>Reintentar los lotes fallidos, cancelados, caducados o retenidos (un trabajo nuevo sustituye al terminado)</translation>
    </message>
    <message>
        <source>Re-&amp;upload</source>
        <translation>&amp;Volver a subir</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>Replace the uploaded file with a fresh upload (for a file close to expiry)</source>
        <translation>Sustituir el archivo subido por una subida nueva (para un archivo a punto de caducar)</translation>
    </message>
    <message>
        <source>&amp;Delete remote file</source>
        <translation>&amp;Eliminar archivo remoto</translation>
    </message>
    <message>
        <source>Shift+Del</source>
        <translation>Shift+Del</translation>
    </message>
    <message>
        <source>Delete the uploaded input file from the server to free storage</source>
        <translation>Eliminar del servidor el archivo de entrada subido para liberar almacenamiento</translation>
    </message>
    <message>
        <source>&amp;Open results folder</source>
        <translation>Abrir carpeta de resu&amp;ltados</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Show the downloaded results in the file manager</source>
        <translation>Mostrar los resultados descargados en el gestor de archivos</translation>
    </message>
    <message>
        <source>Copy job &amp;name</source>
        <translation>Copiar &amp;nombre del trabajo</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Copy the selected batches&apos; job names (batches/…)</source>
        <translation>Copiar los nombres de trabajo de los lotes seleccionados (batches/…)</translation>
    </message>
    <message>
        <source>Copy file U&amp;RI</source>
        <translation>Copiar U&amp;RI del archivo</translation>
    </message>
    <message>
        <source>Ctrl+Alt+C</source>
        <translation>Ctrl+Alt+C</translation>
    </message>
    <message>
        <source>Copy the selected batches&apos; uploaded file URIs</source>
        <translation>Copiar los URI de los archivos subidos de los lotes seleccionados</translation>
    </message>
    <message>
        <source>Re&amp;submit failed keys</source>
        <translation>Reen&amp;viar claves fallidas</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Queue the failed and missing requests of the selected batches as new linked batches</source>
        <translation>Poner en cola las solicitudes fallidas y ausentes de los lotes seleccionados como lotes nuevos vinculados</translation>
    </message>
    <message>
        <source>Resumed: checking with the server, then continuing where things stopped</source>
        <translation>Reanudado: consultando al servidor y continuando donde se detuvo</translation>
    </message>
    <message>
        <source>Paused: nothing new starts; Resume continues</source>
        <translation>En pausa: no se inicia nada nuevo; Reanudar continúa</translation>
    </message>
    <message numerus="yes">
        <source>Cancelling or holding %n batch(es)</source>
        <translation>
            <numerusform>Cancelando o reteniendo %n lote</numerusform>
            <numerusform>Cancelando o reteniendo %n lotes</numerusform>
        </translation>
    </message>
    <message>
        <source>No finished job is waiting for its results</source>
        <translation>Ningún trabajo terminado espera sus resultados</translation>
    </message>
    <message numerus="yes">
        <source>Downloading the results of %n batch(es)</source>
        <translation>
            <numerusform>Descargando los resultados de %n lote</numerusform>
            <numerusform>Descargando los resultados de %n lotes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n batch(es) now</source>
        <translation>
            <numerusform>Subiendo %n lote ahora</numerusform>
            <numerusform>Subiendo %n lotes ahora</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Creating %n job(s) now</source>
        <translation>
            <numerusform>Creando %n trabajo ahora</numerusform>
            <numerusform>Creando %n trabajos ahora</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying %n batch(es) again</source>
        <translation>
            <numerusform>Reintentando %n lote</numerusform>
            <numerusform>Reintentando %n lotes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n file(s) again</source>
        <translation>
            <numerusform>Volviendo a subir %n archivo</numerusform>
            <numerusform>Volviendo a subir %n archivos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n remote file(s)</source>
        <translation>
            <numerusform>Eliminando %n archivo remoto</numerusform>
            <numerusform>Eliminando %n archivos remotos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resubmission(s) queued; Resume runs them</source>
        <translation>
            <numerusform>%n reenvío en cola; Reanudar lo ejecuta</numerusform>
            <numerusform>%n reenvíos en cola; Reanudar los ejecuta</numerusform>
        </translation>
    </message>
    <message>
        <source>None of the selected batches has failed keys to resubmit</source>
        <translation>Ninguno de los lotes seleccionados tiene claves fallidas que reenviar</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This does not apply to any of the selected batches</source>
        <translation>Esto no se aplica a ninguno de los lotes seleccionados</translation>
    </message>
    <message>
        <source>%1 (%2 of the selected batches did not apply)</source>
        <translation>%1 (%2 de los lotes seleccionados no aplicaban)</translation>
    </message>
    <message>
        <source>Nothing to cancel</source>
        <translation>Nada que cancelar</translation>
    </message>
    <message>
        <source>Cancel all batches?</source>
        <translation>¿Cancelar todos los lotes?</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n batch(es)? Jobs on the server are cancelled (requests they already finished are kept); batches without a job are held until you retry them.</source>
        <translation>
            <numerusform>¿Cancelar %n lote? Los trabajos del servidor se cancelan (las solicitudes ya terminadas se conservan); los lotes sin trabajo quedan retenidos hasta que los reintente.</numerusform>
            <numerusform>¿Cancelar %n lotes? Los trabajos del servidor se cancelan (las solicitudes ya terminadas se conservan); los lotes sin trabajo quedan retenidos hasta que los reintente.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>Cancelar todo</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>Seguir ejecutando</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n job name(s)</source>
        <translation>
            <numerusform>%n nombre de trabajo copiado</numerusform>
            <numerusform>%n nombres de trabajo copiados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n file URI(s)</source>
        <translation>
            <numerusform>%n URI de archivo copiado</numerusform>
            <numerusform>%n URI de archivo copiados</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::BatchTableModel</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
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
        <translation>en pausa</translation>
    </message>
    <message>
        <source>upload slot</source>
        <translation>hueco de subida</translation>
    </message>
    <message>
        <source>rate limit</source>
        <translation>límite de frecuencia</translation>
    </message>
    <message>
        <source>daily quota</source>
        <translation>cuota diaria</translation>
    </message>
    <message>
        <source>batch capacity</source>
        <translation>capacidad de lotes</translation>
    </message>
    <message>
        <source>concurrent batch limit</source>
        <translation>límite de lotes simultáneos</translation>
    </message>
    <message>
        <source>enqueued token limit</source>
        <translation>límite de tokens en cola</translation>
    </message>
    <message>
        <source>file storage limit</source>
        <translation>límite de almacenamiento de archivos</translation>
    </message>
    <message>
        <source>file too close to expiry</source>
        <translation>archivo demasiado cerca de caducar</translation>
    </message>
    <message>
        <source>spend cap</source>
        <translation>límite de gasto</translation>
    </message>
    <message>
        <source>retrying after an error</source>
        <translation>reintento tras un error</translation>
    </message>
    <message>
        <source>held</source>
        <translation>retenido</translation>
    </message>
    <message>
        <source>needs your attention</source>
        <translation>requiere su atención</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>Sin subir</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Subiendo</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Subidos</translation>
    </message>
    <message>
        <source>File expired</source>
        <translation>Archivo caducado</translation>
    </message>
    <message>
        <source>Creating job</source>
        <translation>Creando trabajo</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendientes</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En ejecución</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Completados</translation>
    </message>
    <message>
        <source>Downloading results</source>
        <translation>Descargando resultados</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Job failed</source>
        <translation>Trabajo fallido</translation>
    </message>
    <message>
        <source>Job cancelled</source>
        <translation>Trabajo cancelado</translation>
    </message>
    <message>
        <source>Job expired</source>
        <translation>Trabajo caducado</translation>
    </message>
    <message>
        <source>The price table has no row for this model</source>
        <translation>La tabla de precios no tiene fila para este modelo</translation>
    </message>
    <message>
        <source>Estimate %1 (non-batch price %2)</source>
        <translation>Estimado %1 (precio sin lote %2)</translation>
    </message>
    <message>
        <source>Actual %1 (non-batch price %2)</source>
        <translation>Real %1 (precio sin lote %2)</translation>
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
        <translation>caducado</translation>
    </message>
    <message>
        <source>%1 / ETA %2</source>
        <translation>%1 / fin estimado %2</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>sin precio</translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>Esperando: %1</translation>
    </message>
    <message>
        <source>Waiting: %1, next try %2</source>
        <translation>Esperando: %1, próximo intento %2</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Solicitudes</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>File expires in</source>
        <translation>El archivo caduca en</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Trabajo</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Elapsed / ETA</source>
        <translation>Transcurrido / fin estimado</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Errores</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coste</translation>
    </message>
    <message>
        <source>the first job runs alone</source>
        <translation>el primer trabajo se ejecuta solo</translation>
    </message>
    <message>
        <source>paused: a job&apos;s lines failed</source>
        <translation>en pausa: fallaron las líneas de un trabajo</translation>
    </message>
    <message>
        <source>needs your attention: choose another model in Settings › Work</source>
        <translation>requiere su atención: elija otro modelo en Ajustes › Trabajo</translation>
    </message>
    <message>
        <source>stopped by billing</source>
        <translation>detenido por la facturación</translation>
    </message>
</context>
<context>
    <name>bb::BatchTableView</name>
    <message>
        <source>Batches</source>
        <translation>Lotes</translation>
    </message>
    <message>
        <source>One row per batch file with its state, progress and deadlines</source>
        <translation>Una fila por archivo de lote con su estado, progreso y plazos</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Columnas</translation>
    </message>
    <message>
        <source>Reset columns</source>
        <translation>Restablecer columnas</translation>
    </message>
</context>
<context>
    <name>bb::BreakdownChart</name>
    <message>
        <source>Batches by state</source>
        <translation>Lotes por estado</translation>
    </message>
    <message>
        <source>No batches yet</source>
        <translation>Aún no hay lotes</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 of %2 batches done</source>
        <translation>%1 de %2 lotes hechos</translation>
    </message>
</context>
<context>
    <name>bb::ConnectionTester</name>
    <message>
        <source>This base URL is not allowed: %1</source>
        <translation>Esta URL base no está permitida: %1</translation>
    </message>
    <message>
        <source>Connected: the server accepted the key.</source>
        <translation>Conectado: el servidor aceptó la clave.</translation>
    </message>
    <message>
        <source>The server refused the key: %1</source>
        <translation>El servidor rechazó la clave: %1</translation>
    </message>
    <message>
        <source>Connected, but the server is rate-limiting this key right now (429).</source>
        <translation>Conectado, pero el servidor está limitando esta clave ahora mismo (429).</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>No se pudo conectar: %1</translation>
    </message>
    <message>
        <source>The proxy stopped the request: %1</source>
        <translation>El proxy detuvo la solicitud: %1</translation>
    </message>
</context>
<context>
    <name>bb::CostChart</name>
    <message>
        <source>Spend over time</source>
        <translation>Gasto a lo largo del tiempo</translation>
    </message>
    <message>
        <source>Spent (batch price)</source>
        <translation>Gastado (precio por lote)</translation>
    </message>
    <message>
        <source>Same tokens at the non-batch price</source>
        <translation>Los mismos tokens al precio sin lote</translation>
    </message>
    <message>
        <source>Projected total</source>
        <translation>Total previsto</translation>
    </message>
    <message>
        <source>Projected at the non-batch price</source>
        <translation>Previsto al precio sin lote</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Estimación</translation>
    </message>
    <message>
        <source>Spend cap</source>
        <translation>Límite de gasto</translation>
    </message>
    <message>
        <source>Spend over time (USD)</source>
        <translation>Gasto a lo largo del tiempo (USD)</translation>
    </message>
</context>
<context>
    <name>bb::CostSettingsPage</name>
    <message>
        <source>Create no job that would take the projected spend past</source>
        <translation>No crear ningún trabajo que lleve el gasto previsto por encima de</translation>
    </message>
    <message>
        <source>Prices of this project (USD per 1M tokens, interactive price)</source>
        <translation>Precios de este proyecto (USD por 1 M de tokens, precio interactivo)</translation>
    </message>
    <message>
        <source>The Batch API charges the batch factor of these prices (0.5 = 50%); cache hits are billed like non-batch. Thinking tokens of 2.5 models are billed as output. Prompts over 200k tokens use the &gt;200k prices where a model has them.</source>
        <translation>La API Batch cobra el factor de lote de estos precios (0,5 = 50 %); los aciertos de caché se facturan como sin lote. Los tokens de razonamiento de los modelos 2.5 se facturan como salida. Los prompts de más de 200k tokens usan los precios &gt;200k cuando el modelo los tiene.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Salida</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>Razonamiento</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>En caché</translation>
    </message>
    <message>
        <source>Input &gt;200k</source>
        <translation>Entrada &gt;200k</translation>
    </message>
    <message>
        <source>Output &gt;200k</source>
        <translation>Salida &gt;200k</translation>
    </message>
    <message>
        <source>Batch factor</source>
        <translation>Factor de lote</translation>
    </message>
    <message>
        <source>Price table</source>
        <translation>Tabla de precios</translation>
    </message>
    <message>
        <source>Prices as of</source>
        <translation>Precios a fecha de</translation>
    </message>
    <message>
        <source>&amp;Add model</source>
        <translation>&amp;Añadir modelo</translation>
    </message>
    <message>
        <source>&amp;Remove model</source>
        <translation>&amp;Quitar modelo</translation>
    </message>
    <message>
        <source>Restore &amp;Google&apos;s prices of %1</source>
        <translation>Restaurar los precios de &amp;Google del %1</translation>
    </message>
    <message>
        <source>Before the first results arrive</source>
        <translation>Antes de que lleguen los primeros resultados</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <source>Expected &amp;output per request:</source>
        <translation>Salida &amp;esperada por solicitud:</translation>
    </message>
    <message>
        <source>Expected &amp;thinking per request:</source>
        <translation>Razonamiento es&amp;perado por solicitud:</translation>
    </message>
    <message>
        <source>Results replace these guesses: their usage metadata calibrates prompt tokens per byte and the output and thinking per request.</source>
        <translation>Los resultados sustituyen estas suposiciones: sus metadatos de uso calibran los tokens de prompt por byte y la salida y el razonamiento por solicitud.</translation>
    </message>
    <message>
        <source>Spend cap</source>
        <translation>Límite de gasto</translation>
    </message>
    <message>
        <source>Spend cap in US dollars</source>
        <translation>Límite de gasto en dólares estadounidenses</translation>
    </message>
    <message>
        <source>model-name</source>
        <translation>nombre-del-modelo</translation>
    </message>
</context>
<context>
    <name>bb::CostStatusLabel</name>
    <message>
        <source>Cost</source>
        <translation>Coste</translation>
    </message>
    <message>
        <source>Selected ≈ %1 (non-batch %2)</source>
        <translation>Selección ≈ %1 (sin lote %2)</translation>
    </message>
    <message>
        <source>Cost ≈ %1 (non-batch %2, saving %3)</source>
        <translation>Coste ≈ %1 (sin lote %2, ahorro %3)</translation>
    </message>
    <message>
        <source>spent %1</source>
        <translation>gastado %1</translation>
    </message>
    <message>
        <source>cap %1 — the run would pass it</source>
        <translation>límite %1: la ejecución lo superaría</translation>
    </message>
    <message>
        <source>cap %1</source>
        <translation>límite %1</translation>
    </message>
    <message>
        <source>Batch API price (50% of the interactive price); prices as of %1 from %2.</source>
        <translation>Precio de la API Batch (50 % del precio interactivo); precios a fecha de %1 según %2.</translation>
    </message>
    <message>
        <source>Estimate before the run: %1 (non-batch %2).</source>
        <translation>Estimación antes de la ejecución: %1 (sin lote %2).</translation>
    </message>
    <message>
        <source>Calibrated on %1 results: %2 tokens per prompt byte, %3 output and %4 thinking tokens per request.</source>
        <translation>Calibrado con %1 resultados: %2 tokens por byte de prompt, %3 tokens de salida y %4 de razonamiento por solicitud.</translation>
    </message>
    <message>
        <source>No results yet: expecting %1 output and %2 thinking tokens per request (Settings → Cost).</source>
        <translation>Aún no hay resultados: se esperan %1 tokens de salida y %2 de razonamiento por solicitud (Configuración → Coste).</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) use a model without a price.</source>
        <translation>
            <numerusform>%n lote usa un modelo sin precio.</numerusform>
            <numerusform>%n lotes usan un modelo sin precio.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) held by the cap (Settings → Cost)</source>
        <translation>
            <numerusform>%n lote retenido por el límite (Configuración → Coste)</numerusform>
            <numerusform>%n lotes retenidos por el límite (Configuración → Coste)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::DetailPanel</name>
    <message>
        <source>Copy job name</source>
        <translation>Copiar nombre del trabajo</translation>
    </message>
    <message>
        <source>Copy file URI</source>
        <translation>Copiar URI del archivo</translation>
    </message>
    <message>
        <source>Batch details</source>
        <translation>Detalles del lote</translation>
    </message>
    <message>
        <source>Selected batch</source>
        <translation>Lote seleccionado</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>Lote:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Local file:</source>
        <translation>Archivo local:</translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation>Solicitudes:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Tamaño:</translation>
    </message>
    <message>
        <source>Token estimate:</source>
        <translation>Tokens estimados:</translation>
    </message>
    <message>
        <source>SHA-256:</source>
        <translation>SHA-256:</translation>
    </message>
    <message>
        <source>Next attempt:</source>
        <translation>Próximo intento:</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Intentos:</translation>
    </message>
    <message>
        <source>State changed:</source>
        <translation>Estado cambiado:</translation>
    </message>
    <message>
        <source>Remote file:</source>
        <translation>Archivo remoto:</translation>
    </message>
    <message>
        <source>File URI:</source>
        <translation>URI del archivo:</translation>
    </message>
    <message>
        <source>File expires:</source>
        <translation>El archivo caduca:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modelo:</translation>
    </message>
    <message>
        <source>Job:</source>
        <translation>Trabajo:</translation>
    </message>
    <message>
        <source>Job created:</source>
        <translation>Trabajo creado:</translation>
    </message>
    <message>
        <source>Job ended:</source>
        <translation>Trabajo terminado:</translation>
    </message>
    <message>
        <source>Outcomes:</source>
        <translation>Resultados:</translation>
    </message>
    <message>
        <source>Results file:</source>
        <translation>Archivo de resultados:</translation>
    </message>
    <message>
        <source>Resubmission of:</source>
        <translation>Reenvío de:</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último error</translation>
    </message>
    <message>
        <source>No error</source>
        <translation>Sin errores</translation>
    </message>
    <message>
        <source>Event history of the batch</source>
        <translation>Historial de eventos del lote</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Select a batch to see its details</source>
        <translation>Seleccione un lote para ver sus detalles</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 bytes)</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>aprox. %1</translation>
    </message>
    <message>
        <source>%1 (in %2)</source>
        <translation>%1 (en %2)</translation>
    </message>
    <message>
        <source>%1 succeeded · %2 failed · %3 pending</source>
        <translation>%1 correctas · %2 fallidas · %3 pendientes</translation>
    </message>
</context>
<context>
    <name>bb::Engine</name>
    <message>
        <source>cannot create the results folder %1</source>
        <translation>no se puede crear la carpeta de resultados %1</translation>
    </message>
    <message>
        <source>the results file is no longer available on the server; resubmit the batch&apos;s keys (%1)</source>
        <translation>el archivo de resultados ya no está disponible en el servidor; reenvíe las claves del lote (%1)</translation>
    </message>
    <message>
        <source>cannot read the downloaded results %1: %2</source>
        <translation>no se pueden leer los resultados descargados %1: %2</translation>
    </message>
    <message>
        <source>the job no longer exists on the server (%1)</source>
        <translation>el trabajo ya no existe en el servidor (%1)</translation>
    </message>
    <message>
        <source>the batch job failed</source>
        <translation>el trabajo por lotes falló</translation>
    </message>
    <message>
        <source>the job stayed pending or running for 48 hours and expired</source>
        <translation>el trabajo estuvo pendiente o en ejecución durante 48 horas y caducó</translation>
    </message>
    <message>
        <source>%1 no longer exists</source>
        <translation>%1 ya no existe</translation>
    </message>
    <message>
        <source>%1 changed since it was imported; import it again</source>
        <translation>%1 ha cambiado desde que se importó; vuelva a importarlo</translation>
    </message>
    <message>
        <source>the uploaded bytes do not match the file (sha256 %1, expected %2)</source>
        <translation>los bytes subidos no coinciden con el archivo (sha256 %1, se esperaba %2)</translation>
    </message>
    <message numerus="yes">
        <source>lists %n local file(s) and nothing on the server; nothing to adopt</source>
        <translation>
            <numerusform>enumera %n archivo local y nada en el servidor; no hay nada que adoptar</numerusform>
            <numerusform>enumera %n archivos locales y nada en el servidor; no hay nada que adoptar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>lists %n batch(es) as failed (%1); nothing to adopt for them, and the server has the final word</source>
        <translation>
            <numerusform>enumera %n lote como fallido (%1); no hay nada que adoptar para él, y el servidor tiene la última palabra</numerusform>
            <numerusform>enumera %n lotes como fallidos (%1); no hay nada que adoptar para ellos, y el servidor tiene la última palabra</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) are not in the project yet; what the report says about them is adopted when their files are imported</source>
        <translation>
            <numerusform>%n lote aún no está en el proyecto; lo que el informe dice de él se adoptará cuando se importe su archivo</numerusform>
            <numerusform>%n lotes aún no están en el proyecto; lo que el informe dice de ellos se adoptará cuando se importen sus archivos</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 jobs and %2 uploaded files adopted, %3 already known</source>
        <translation>%1 trabajos y %2 archivos subidos adoptados, %3 ya conocidos</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have no number in their name; they are batches without a number.</source>
        <translation>
            <numerusform>%n archivo no tiene número en su nombre; es un lote sin número.</numerusform>
            <numerusform>%n archivos no tienen número en su nombre; son lotes sin número.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) have no &quot;key&quot;; each is named after its batch and line (batch_011_proper#line1) in the results and the export.</source>
        <translation>
            <numerusform>%n solicitud no tiene «key»; se nombra según su lote y su línea (batch_011_proper#line1) en los resultados y la exportación.</numerusform>
            <numerusform>%n solicitudes no tienen «key»; cada una se nombra según su lote y su línea (batch_011_proper#line1) en los resultados y la exportación.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) start with a UTF-8 byte-order mark; it is skipped.</source>
        <translation>
            <numerusform>%n archivo empieza con una marca de orden de bytes (BOM) UTF-8; se omite.</numerusform>
            <numerusform>%n archivos empiezan con una marca de orden de bytes (BOM) UTF-8; se omite.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) have Windows (CRLF) line ends; they are read as they are.</source>
        <translation>
            <numerusform>%n archivo tiene finales de línea de Windows (CRLF); se lee tal cual.</numerusform>
            <numerusform>%n archivos tienen finales de línea de Windows (CRLF); se leen tal cual.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) end without a final newline; their last line is read as a request.</source>
        <translation>
            <numerusform>%n archivo termina sin salto de línea final; su última línea se lee como una solicitud.</numerusform>
            <numerusform>%n archivos terminan sin salto de línea final; su última línea se lee como una solicitud.</numerusform>
        </translation>
    </message>
    <message>
        <source>may already be submitted as %1 (its input file is gone, so this cannot be proven); check, then Retry to create a job anyway</source>
        <translation>puede que ya se haya enviado como %1 (su archivo de entrada ya no existe, así que no se puede comprobar); compruébelo y luego use Reintentar para crear un trabajo de todos modos</translation>
    </message>
    <message>
        <source>cannot write the copy with keys added: %1</source>
        <translation>no se puede escribir la copia con las claves añadidas: %1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 lines failed (%4); new jobs wait until you continue anyway</source>
        <translation>%1: %2 de %3 líneas fallaron (%4); los trabajos nuevos esperan hasta que continúe de todos modos</translation>
    </message>
    <message>
        <source>the model %1 is not available to this key (%2); needs your attention: choose another model in Settings › Work</source>
        <translation>el modelo %1 no está disponible para esta clave (%2); requiere su atención: elija otro modelo en Ajustes › Trabajo</translation>
    </message>
    <message>
        <source>creating jobs stopped by billing (%1); waiting will not help. Fix it at %2, then press Resume. Jobs already created still finish.</source>
        <translation>la creación de trabajos se detuvo por la facturación (%1); esperar no ayudará. Corríjalo en %2 y pulse Reanudar. Los trabajos ya creados terminan.</translation>
    </message>
</context>
<context>
    <name>bb::EventLogModel</name>
    <message>
        <source>Project</source>
        <translation>Proyecto</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Level</source>
        <comment>severity of a log entry</comment>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
</context>
<context>
    <name>bb::ExportController</name>
    <message>
        <source>Export failed, %1 was not written: %2</source>
        <translation>Error al exportar, no se escribió %1: %2</translation>
    </message>
    <message>
        <source>Exported %1 lines to %2: %3 succeeded, %4 failed, %5 blocked, %6 without a result</source>
        <translation>%1 líneas exportadas a %2: %3 correctas, %4 fallidas, %5 bloqueadas, %6 sin resultado</translation>
    </message>
    <message>
        <source>Spent %1 at the batch price (%2 at the non-batch price).</source>
        <translation>Gastado %1 al precio por lote (%2 al precio sin lote).</translation>
    </message>
</context>
<context>
    <name>bb::FailureAlarmBar</name>
    <message>
        <source>&amp;Continue anyway</source>
        <translation>&amp;Continuar de todos modos</translation>
    </message>
    <message>
        <source>New jobs paused</source>
        <translation>Trabajos nuevos en pausa</translation>
    </message>
    <message>
        <source>Create the remaining jobs although this one&apos;s lines failed</source>
        <translation>Crear los trabajos restantes aunque fallaran las líneas de este</translation>
    </message>
    <message>
        <source>New jobs paused. %1</source>
        <translation>Trabajos nuevos en pausa. %1</translation>
    </message>
    <message>
        <source>New jobs stopped: %1</source>
        <translation>Nuevos trabajos detenidos: %1</translation>
    </message>
    <message>
        <source>Open the &amp;billing page</source>
        <translation>Abrir la página de &amp;facturación</translation>
    </message>
    <message>
        <source>Choose a &amp;model…</source>
        <translation>Elegir un &amp;modelo…</translation>
    </message>
    <message>
        <source>Settings › Work › Model</source>
        <translation>Ajustes › Trabajo › Modelo</translation>
    </message>
</context>
<context>
    <name>bb::FilterSidebar</name>
    <message>
        <source>Batch categories</source>
        <translation>Categorías de lotes</translation>
    </message>
    <message>
        <source>Shows only the batches of the chosen category; the number is how many are in it</source>
        <translation>Muestra solo los lotes de la categoría elegida; el número indica cuántos hay en ella</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n batch(es)</source>
        <extracomment>Accessible text of a sidebar category: &quot;Running, 12 batches&quot;</extracomment>
        <translation>
            <numerusform>%1, %n lote</numerusform>
            <numerusform>%1, %n lotes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::ImportController</name>
    <message>
        <source>%1: not a folder, .jsonl file or hand-over report</source>
        <translation>%1: no es una carpeta, un archivo .jsonl ni un informe de traspaso</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>No se importó nada</translation>
    </message>
    <message>
        <source>Import problems</source>
        <translation>Problemas de importación</translation>
    </message>
    <message>
        <source>%1. These files or lines could not be used; fix them and drop them again:</source>
        <translation>%1. Estos archivos o líneas no se pudieron usar; corríjalos y vuelva a soltarlos:</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>Importación cancelada</translation>
    </message>
    <message>
        <source>No .jsonl files were found there.</source>
        <translation>No se encontraron archivos .jsonl ahí.</translation>
    </message>
    <message>
        <source>%1: skipped (%2)</source>
        <translation>%1: omitido (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n more problem(s) not shown</source>
        <translation>
            <numerusform>%1: %n problema más no mostrado</numerusform>
            <numerusform>%1: %n problemas más no mostrados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added</source>
        <translation>
            <numerusform>%n archivo añadido</numerusform>
            <numerusform>%n archivos añadidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n already in the project</source>
        <translation>
            <numerusform>, %n ya en el proyecto</numerusform>
            <numerusform>, %n ya en el proyecto</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n updated</source>
        <translation>
            <numerusform>, %n actualizado</numerusform>
            <numerusform>, %n actualizados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n not imported</source>
        <translation>
            <numerusform>, %n no importado</numerusform>
            <numerusform>, %n no importados</numerusform>
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
        <translation>%1: no se encontraron trabajos por lotes ni subidas en este informe</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n job(s) and %2 upload(s) adopted, %3 already known</source>
        <translation>
            <numerusform>%1: %n trabajo y %2 subida(s) adoptados, %3 ya conocidos</numerusform>
            <numerusform>%1: %n trabajos y %2 subida(s) adoptados, %3 ya conocidos</numerusform>
        </translation>
    </message>
    <message>
        <source>from tracking files read earlier: %1</source>
        <translation>de archivos de seguimiento leídos antes: %1</translation>
    </message>
</context>
<context>
    <name>bb::Importer</name>
    <message>
        <source>hidden file</source>
        <translation>archivo oculto</translation>
    </message>
    <message>
        <source>not a .jsonl file</source>
        <translation>no es un archivo .jsonl</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>no es un archivo normal</translation>
    </message>
    <message>
        <source>folder (not scanned without recursive)</source>
        <translation>carpeta (no se explora sin modo recursivo)</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>no existe el archivo o la carpeta</translation>
    </message>
    <message>
        <source>batch %1 has two different %2 names (%3 and %4); keeping %3</source>
        <translation>el lote %1 tiene dos nombres de %2 distintos (%3 y %4); se conserva %3</translation>
    </message>
    <message>
        <source>more than %1 pending batches; the rest is ignored</source>
        <translation>más de %1 lotes pendientes; se ignora el resto</translation>
    </message>
    <message>
        <source>table row without a header row</source>
        <translation>fila de tabla sin fila de encabezado</translation>
    </message>
    <message>
        <source>row has no batch number</source>
        <translation>la fila no tiene número de lote</translation>
    </message>
    <message>
        <source>row names neither a batch job nor a file</source>
        <translation>la fila no nombra ni un trabajo por lotes ni un archivo</translation>
    </message>
    <message>
        <source>not JSON: %1</source>
        <translation>no es JSON: %1</translation>
    </message>
    <message>
        <source>expected a JSON object at the top level</source>
        <translation>se esperaba un objeto JSON en el nivel superior</translation>
    </message>
    <message>
        <source>%1: unrecognised item</source>
        <translation>%1: elemento no reconocido</translation>
    </message>
    <message>
        <source>%1: item has no batch number</source>
        <translation>%1: el elemento no tiene número de lote</translation>
    </message>
    <message>
        <source>%1: batch %2 names neither a job nor a file</source>
        <translation>%1: el lote %2 no nombra ni un trabajo ni un archivo</translation>
    </message>
    <message>
        <source>duplicate key %1 (first seen at line %2)</source>
        <translation>clave duplicada %1 (vista por primera vez en la línea %2)</translation>
    </message>
    <message>
        <source>no requests (only blank lines)</source>
        <translation>no hay solicitudes (solo líneas en blanco)</translation>
    </message>
    <message>
        <source>line too long (%1 bytes, limit %2)</source>
        <translation>línea demasiado larga (%1 bytes, límite %2)</translation>
    </message>
    <message>
        <source>blank line</source>
        <translation>línea en blanco</translation>
    </message>
    <message>
        <source>%1 blank lines (%2-%3)</source>
        <translation>%1 líneas en blanco (%2-%3)</translation>
    </message>
    <message>
        <source>is a folder</source>
        <translation>es una carpeta</translation>
    </message>
    <message>
        <source>file is %1 bytes, over the limit of %2 bytes</source>
        <translation>el archivo tiene %1 bytes, por encima del límite de %2 bytes</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>archivo vacío</translation>
    </message>
    <message>
        <source>file changed while being read (%1 bytes when opened, %2 read)</source>
        <translation>el archivo cambió mientras se leía (%1 bytes al abrirlo, %2 leídos)</translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation>UTF-8 no válido</translation>
    </message>
    <message>
        <source>%1 (found %2)</source>
        <translation>%1 (encontrado: %2)</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>sin memoria</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>no es un objeto JSON</translation>
    </message>
    <message>
        <source>&quot;key&quot; is not a string</source>
        <translation>«key» no es una cadena</translation>
    </message>
    <message>
        <source>empty &quot;key&quot;</source>
        <translation>«key» vacío</translation>
    </message>
    <message>
        <source>missing &quot;request&quot;</source>
        <translation>falta «request»</translation>
    </message>
    <message>
        <source>&quot;request&quot; is not an object</source>
        <translation>«request» no es un objeto</translation>
    </message>
    <message>
        <source>the summary says %1 batches were created, but the tables list %2 jobs; the rows are used</source>
        <translation>el resumen indica %1 lotes creados, pero las tablas listan %2 trabajos; se usan las filas</translation>
    </message>
    <message>
        <source>the summary says %1 batches were uploaded, but the tables list %2 uploads without a job; the rows are used</source>
        <translation>el resumen indica %1 lotes subidos, pero las tablas listan %2 subidas sin trabajo; se usan las filas</translation>
    </message>
    <message>
        <source>%1: says %2 batches, but %3-%4 is %5; the range is used</source>
        <translation>%1: indica %2 lotes, pero %3-%4 son %5; se usa el rango</translation>
    </message>
</context>
<context>
    <name>bb::LimitChart</name>
    <message>
        <source>Used</source>
        <translation>Usado</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Límite</translation>
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
        <translation>Buscar lotes, archivos, trabajos, errores  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search batches</source>
        <translation>Buscar lotes</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Checking the files…</source>
        <translation>Comprobando los archivos…</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Error al exportar</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barra de herramientas principal</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Import hand-over &amp;report…</source>
        <translation>Importar &amp;informe de traspaso…</translation>
    </message>
    <message>
        <source>Adopt the jobs and uploads listed in a markdown submission report or JSON progress file</source>
        <translation>Adoptar los trabajos y subidas de un informe de envío en markdown o de un archivo de progreso JSON</translation>
    </message>
    <message>
        <source>&amp;Open or create project…</source>
        <translation>&amp;Abrir o crear proyecto…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ejecución</translation>
    </message>
    <message>
        <source>&amp;Batch</source>
        <translation>&amp;Lote</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Herramientas</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About Batchboard</source>
        <translation>Acerca &amp;de Batchboard</translation>
    </message>
    <message>
        <source>About Batchboard</source>
        <translation>Acerca de Batchboard</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Batchboard %1&lt;/h3&gt;&lt;p&gt;Takes a folder of Gemini Batch API JSONL files to every result downloaded, through quota errors, expiring uploads and restarts.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Batchboard %1&lt;/h3&gt;&lt;p&gt;Lleva una carpeta de archivos JSONL de la API Gemini Batch hasta el último resultado descargado, a pesar de los errores de cuota, las subidas que caducan y los reinicios.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Gráficos</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Actividad</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Run state</source>
        <translation>Estado de la ejecución</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Progreso de la importación</translation>
    </message>
    <message>
        <source>Stopped: %1 — fix the cause, then press Resume</source>
        <translation>Detenido: %1. Corrija la causa y pulse Reanudar</translation>
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
        <translation>Emulador Sandbox</translation>
    </message>
    <message>
        <source>Gemini API: %1</source>
        <translation>API de Gemini: %1</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>Ningún proyecto abierto</translation>
    </message>
    <message>
        <source>Open a project to start</source>
        <translation>Abra un proyecto para empezar</translation>
    </message>
    <message>
        <source>Drop to add these files to the project</source>
        <translation>Suelte para añadir estos archivos al proyecto</translation>
    </message>
    <message>
        <source>An import is still running; drop again when it is done</source>
        <translation>Todavía hay una importación en curso; vuelva a soltar cuando termine</translation>
    </message>
    <message>
        <source>Add a folder of batch files</source>
        <translation>Añadir una carpeta de archivos de lote</translation>
    </message>
    <message>
        <source>An import is still running; try again when it is done</source>
        <translation>Todavía hay una importación en curso; inténtelo de nuevo cuando termine</translation>
    </message>
    <message>
        <source>Import a hand-over report</source>
        <translation>Importar un informe de traspaso</translation>
    </message>
    <message>
        <source>Hand-over reports (*.md *.markdown *.json);;All files (*)</source>
        <translation>Informes de traspaso (*.md *.markdown *.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>Exportar resultados</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Exporting results…</source>
        <translation>Exportando resultados…</translation>
    </message>
    <message>
        <source>Open or create a project</source>
        <translation>Abrir o crear un proyecto</translation>
    </message>
    <message>
        <source>Batchboard projects (*.batchboard);;All files (*)</source>
        <translation>Proyectos de Batchboard (*.batchboard);;Todos los archivos (*)</translation>
    </message>
</context>
<context>
    <name>bb::Naming</name>
    <message>
        <source>Batch numbers are read from the file names: the number in the name, or the last one when there are several (batch_011_proper.jsonl is batch 11).</source>
        <translation>Los números de lote se leen de los nombres de archivo: el número del nombre, o el último cuando hay varios (batch_011_proper.jsonl es el lote 11).</translation>
    </message>
</context>
<context>
    <name>bb::ProblemListDialog</name>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>&amp;Copy list</source>
        <translation>&amp;Copiar lista</translation>
    </message>
</context>
<context>
    <name>bb::ProgressChart</name>
    <message>
        <source>Progress over time</source>
        <translation>Progreso a lo largo del tiempo</translation>
    </message>
    <message>
        <source>Estimated end</source>
        <translation>Fin estimado</translation>
    </message>
    <message>
        <source>Batches by state over time</source>
        <translation>Lotes por estado a lo largo del tiempo</translation>
    </message>
    <message>
        <source>Batches by state — estimated end %1 (in under a minute)</source>
        <translation>Lotes por estado: fin estimado %1 (en menos de un minuto)</translation>
    </message>
    <message numerus="yes">
        <source>Batches by state — estimated end %1 (in %n min)</source>
        <translation>
            <numerusform>Lotes por estado: fin estimado %1 (en %n min)</numerusform>
            <numerusform>Lotes por estado: fin estimado %1 (en %n min)</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches by state — all done</source>
        <translation>Lotes por estado: todo hecho</translation>
    </message>
</context>
<context>
    <name>bb::ProxyLoginDialog</name>
    <message>
        <source>&amp;Remember the password in the system keychain</source>
        <translation>&amp;Recordar la contraseña en el llavero del sistema</translation>
    </message>
    <message>
        <source>Proxy sign-in</source>
        <translation>Inicio de sesión en el proxy</translation>
    </message>
    <message>
        <source>The proxy at &lt;b&gt;%1&lt;/b&gt; refused the user name and password. Enter them again; the run goes on once the proxy accepts them.</source>
        <translation>El proxy &lt;b&gt;%1&lt;/b&gt; rechazó el nombre de usuario y la contraseña. Introdúzcalos de nuevo; la ejecución continúa en cuanto el proxy los acepte.</translation>
    </message>
    <message>
        <source>The proxy at &lt;b&gt;%1&lt;/b&gt; asks for a user name and password before any request reaches the Gemini API. The run goes on once the proxy accepts them.</source>
        <translation>El proxy &lt;b&gt;%1&lt;/b&gt; pide un nombre de usuario y una contraseña antes de que ninguna solicitud llegue a la API de Gemini. La ejecución continúa en cuanto el proxy los acepte.</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Usuario del proxy</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Contraseña del proxy</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>&amp;Sign in and resume</source>
        <translation>&amp;Iniciar sesión y reanudar</translation>
    </message>
</context>
<context>
    <name>bb::ProxyLoginPrompt</name>
    <message>
        <source>The proxy password for %1 was not saved in the keychain (%2); it is used until Batchboard quits.</source>
        <translation>La contraseña del proxy %1 no se guardó en el llavero (%2); se usa hasta que Batchboard se cierre.</translation>
    </message>
</context>
<context>
    <name>bb::QtChartsPanel</name>
    <message>
        <source>Charts</source>
        <translation>Gráficos</translation>
    </message>
    <message>
        <source>Active jobs: %1 of %2 allowed (%3%)</source>
        <translation>Trabajos activos: %1 de %2 permitidos (%3 %)</translation>
    </message>
    <message>
        <source>File storage: %1 of %2 (%3%)</source>
        <translation>Almacenamiento de archivos: %1 de %2 (%3 %)</translation>
    </message>
    <message>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <source>Enqueued tokens: %1 of %2 (%3%)</source>
        <translation>Tokens en cola: %1 de %2 (%3 %)</translation>
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
        <translation>Próximo intento</translation>
    </message>
    <message>
        <source>Time left until the next retry</source>
        <translation>Tiempo restante hasta el próximo intento</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>Cuota</translation>
    </message>
    <message>
        <source>No batch is waiting for quota.</source>
        <translation>Ningún lote espera cuota.</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) waiting for %1: the next one starts as soon as a running job finishes</source>
        <translation>
            <numerusform>%n lote espera %1: el siguiente empieza en cuanto termine un trabajo en ejecución</numerusform>
            <numerusform>%n lotes esperan %1: el siguiente empieza en cuanto termine un trabajo en ejecución</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Next try in %1 (at %2): %n batch(es) waiting for %3</source>
        <translation>
            <numerusform>Próximo intento en %1 (a las %2): %n lote espera %3</numerusform>
            <numerusform>Próximo intento en %1 (a las %2): %n lotes esperan %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying again now: %n batch(es) waiting for %1</source>
        <translation>
            <numerusform>Reintentando ahora: %n lote espera %1</numerusform>
            <numerusform>Reintentando ahora: %n lotes esperan %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Server refused at %1</source>
        <translation>El servidor rechazó con %1</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coste</translation>
    </message>
</context>
<context>
    <name>bb::QuotaTimelineChart</name>
    <message>
        <source>Job creation attempts and quota refusals over time</source>
        <translation>Intentos de creación de trabajos y rechazos de cuota a lo largo del tiempo</translation>
    </message>
    <message>
        <source>Job creation</source>
        <translation>Creación de trabajos</translation>
    </message>
    <message numerus="yes">
        <source>Create attempts per %n s</source>
        <translation>
            <numerusform>Intentos de creación por %n s</numerusform>
            <numerusform>Intentos de creación por %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refused (429) per %n s</source>
        <translation>
            <numerusform>Rechazados (429) por %n s</numerusform>
            <numerusform>Rechazados (429) por %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Job creation: %1 attempts, %2 refused (429)</source>
        <translation>Creación de trabajos: %1 intentos, %2 rechazados (429)</translation>
    </message>
</context>
<context>
    <name>bb::SandboxBanner</name>
    <message>
        <source>Create &amp;sample batches</source>
        <translation>Crear lotes de &amp;ejemplo</translation>
    </message>
    <message>
        <source>Use my &amp;API key…</source>
        <translation>Usar mi clave de &amp;API…</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modo</translation>
    </message>
    <message>
        <source>Sample batches written</source>
        <translation>Lotes de ejemplo escritos</translation>
    </message>
    <message>
        <source>Write 194 files × 100 requests into a folder and add them, like a real run</source>
        <translation>Escribir 194 archivos × 100 solicitudes en una carpeta y añadirlos, como en una ejecución real</translation>
    </message>
    <message>
        <source>Enter a Gemini API key in Settings to switch to the real API</source>
        <translation>Introduzca una clave de API de Gemini en Configuración para pasar a la API real</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt; — no API key is set, so Batchboard runs everything against its built-in Gemini emulator (%1), nothing costs money. Its clock runs %2× faster and it refuses jobs beyond %3 at a time, like a quota wall; times shown are emulator time.</source>
        <translation>&lt;b&gt;Modo Sandbox&lt;/b&gt;: no hay ninguna clave de API, así que Batchboard lo ejecuta todo con su emulador de Gemini integrado (%1) y nada cuesta dinero. Su reloj va %2× más rápido y rechaza trabajos por encima de %3 a la vez, como un muro de cuota; las horas mostradas son del emulador.</translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation>%v de %m archivos</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Sandbox mode&lt;/b&gt; — %n sample batch(es) added. Press &lt;b&gt;Resume&lt;/b&gt; to upload them, create jobs until the emulator&apos;s quota wall, wait, and download every result.</source>
        <translation>
            <numerusform>&lt;b&gt;Modo Sandbox&lt;/b&gt;: %n lote de ejemplo añadido. Pulse &lt;b&gt;Reanudar&lt;/b&gt; para subirlo, crear trabajos hasta el muro de cuota del emulador, esperar y descargar cada resultado.</numerusform>
            <numerusform>&lt;b&gt;Modo Sandbox&lt;/b&gt;: %n lotes de ejemplo añadidos. Pulse &lt;b&gt;Reanudar&lt;/b&gt; para subirlos, crear trabajos hasta el muro de cuota del emulador, esperar y descargar cada resultado.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bb::SettingsDialog</name>
    <message>
        <source>Batchboard Settings</source>
        <translation>Configuración de Batchboard</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Conexión</translation>
    </message>
    <message>
        <source>&amp;Work</source>
        <translation>&amp;Trabajo</translation>
    </message>
    <message>
        <source>&amp;Desktop</source>
        <translation>&amp;Escritorio</translation>
    </message>
    <message>
        <source>Run batches against</source>
        <translation>Ejecutar los lotes con</translation>
    </message>
    <message>
        <source>The &amp;Gemini API, with my API key (billed by Google)</source>
        <translation>La API de &amp;Gemini, con mi clave de API (facturada por Google)</translation>
    </message>
    <message>
        <source>The built-in &amp;Sandbox emulator (free; nothing leaves this computer)</source>
        <translation>El emulador &amp;Sandbox integrado (gratis; nada sale de este equipo)</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clave de API</translation>
    </message>
    <message>
        <source>Paste the key from Google AI Studio</source>
        <translation>Pegue la clave desde Google AI Studio</translation>
    </message>
    <message>
        <source>Show the key</source>
        <translation>Mostrar la clave</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Probar conexión</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Resultado de la prueba de conexión</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Avanzado</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL base</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>URL &amp;base:</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Probando…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modelo:</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <translation>Nivel %1</translation>
    </message>
    <message>
        <source>Billing tier</source>
        <translation>Nivel de facturación</translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation>Ni&amp;vel:</translation>
    </message>
    <message>
        <source>Tier 1</source>
        <translation>Nivel 1</translation>
    </message>
    <message>
        <source>Tier 2</source>
        <translation>Nivel 2</translation>
    </message>
    <message>
        <source>Tier 3</source>
        <translation>Nivel 3</translation>
    </message>
    <message>
        <source>Enqueued token limits per model and tier</source>
        <translation>Límites de tokens en cola por modelo y nivel</translation>
    </message>
    <message>
        <source>Restore published limits</source>
        <translation>Restaurar los límites publicados</translation>
    </message>
    <message>
        <source>Token limits:</source>
        <translation>Límites de tokens:</translation>
    </message>
    <message>
        <source>Concurrent batch jobs</source>
        <translation>Trabajos por lotes simultáneos</translation>
    </message>
    <message>
        <source>&amp;Concurrent jobs:</source>
        <translation>Trabajos &amp;simultáneos:</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>File storage limit</source>
        <translation>Límite de almacenamiento de archivos</translation>
    </message>
    <message>
        <source>File &amp;storage:</source>
        <translation>&amp;Almacenamiento de archivos:</translation>
    </message>
    <message>
        <source>Parallel uploads</source>
        <translation>Subidas en paralelo</translation>
    </message>
    <message>
        <source>Parallel &amp;uploads:</source>
        <translation>S&amp;ubidas en paralelo:</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Expiry safety margin</source>
        <translation>Margen de seguridad de caducidad</translation>
    </message>
    <message>
        <source>Uploaded files expire after 48 hours. A file with less time left than this is uploaded again before a job is created from it.</source>
        <translation>Los archivos subidos caducan a las 48 horas. Un archivo con menos tiempo restante que este margen se vuelve a subir antes de crear un trabajo con él.</translation>
    </message>
    <message>
        <source>&amp;Expiry safety margin:</source>
        <translation>Margen de seguridad de &amp;caducidad:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Polling interval</source>
        <translation>Intervalo de consulta</translation>
    </message>
    <message>
        <source>How often job states are checked while they change; Batchboard slows down by itself when nothing moves.</source>
        <translation>Con qué frecuencia se consultan los estados de los trabajos mientras cambian; Batchboard consulta menos por sí mismo cuando nada se mueve.</translation>
    </message>
    <message>
        <source>&amp;Polling interval:</source>
        <translation>&amp;Intervalo de consulta:</translation>
    </message>
    <message>
        <source>Notify me when</source>
        <translation>Avisarme cuando</translation>
    </message>
    <message>
        <source>all batches are &amp;done</source>
        <translation>todos los lotes estén &amp;hechos</translation>
    </message>
    <message>
        <source>batches &amp;need attention (failed, cancelled, expired)</source>
        <translation>los lotes &amp;requieran atención (fallidos, cancelados, caducados)</translation>
    </message>
    <message>
        <source>the &amp;daily quota is reached</source>
        <translation>se alcance la cuota &amp;diaria</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>A new language takes effect when Batchboard starts again.</source>
        <translation>Un idioma nuevo se aplica cuando Batchboard se vuelve a iniciar.</translation>
    </message>
    <message>
        <source>Reading the system keychain…</source>
        <translation>Leyendo el llavero del sistema…</translation>
    </message>
    <message>
        <source>Stored in the system keychain for %1.</source>
        <translation>Guardada en el llavero del sistema para %1.</translation>
    </message>
    <message>
        <source>No key stored for %1. Without a key Batchboard runs in Sandbox mode.</source>
        <translation>No hay ninguna clave guardada para %1. Sin clave, Batchboard funciona en modo Sandbox.</translation>
    </message>
    <message>
        <source>No system keychain is available (%1). Batchboard never writes the key to a file, so it cannot be saved here.</source>
        <translation>No hay ningún llavero del sistema disponible (%1). Batchboard nunca escribe la clave en un archivo, así que no se puede guardar aquí.</translation>
    </message>
    <message>
        <source>The keychain refused access (%1). Unlock it and open Settings again.</source>
        <translation>El llavero denegó el acceso (%1). Desbloquéelo y vuelva a abrir Configuración.</translation>
    </message>
    <message>
        <source>The keychain could not be read: %1</source>
        <translation>No se pudo leer el llavero: %1</translation>
    </message>
    <message>
        <source>Changed from the published %1 million</source>
        <translation>Cambiado respecto a los %1 millones publicados</translation>
    </message>
    <message>
        <source>Saving the key in the system keychain…</source>
        <translation>Guardando la clave en el llavero del sistema…</translation>
    </message>
    <message>
        <source>The key was NOT saved: %1. Batchboard never stores it anywhere but the system keychain; clear the field to continue without it.</source>
        <translation>La clave NO se guardó: %1. Batchboard solo la guarda en el llavero del sistema; vacíe el campo para continuar sin ella.</translation>
    </message>
    <message>
        <source>the keychain refused it</source>
        <translation>el llavero la rechazó</translation>
    </message>
    <message>
        <source>Co&amp;st</source>
        <translation>Co&amp;ste</translation>
    </message>
    <message>
        <source>Open a project to choose its model.</source>
        <translation>Abra un proyecto para elegir su modelo.</translation>
    </message>
    <message>
        <source>Millions of enqueued tokens allowed per model at a time, as Google published them on %1 (the service does not report them). Google changes these; if the server refuses jobs earlier, Batchboard learns the real limit by itself.</source>
        <translation>Millones de tokens en cola permitidos por modelo a la vez, tal como Google los publicó el %1 (el servicio no los informa). Google los cambia; si el servidor rechaza trabajos antes, Batchboard aprende solo el límite real.</translation>
    </message>
    <message>
        <source>the newest stable Flash model the key offers</source>
        <translation>el modelo Flash estable más reciente que ofrece la clave</translation>
    </message>
    <message>
        <source>The key&apos;s models are listed when the project runs; until then any model id may be typed. Empty: Resume chooses the newest stable Flash model.</source>
        <translation>Los modelos de la clave se listan cuando el proyecto se ejecuta; hasta entonces se puede escribir cualquier id de modelo. Vacío: Reanudar elige el modelo Flash estable más reciente.</translation>
    </message>
    <message>
        <source>%1 (not offered to this key)</source>
        <translation>%1 (no ofrecido a esta clave)</translation>
    </message>
    <message>
        <source>The models this key offers for batch jobs, as the service lists them.</source>
        <translation>Los modelos que esta clave ofrece para trabajos por lotes, tal como los lista el servicio.</translation>
    </message>
    <message>
        <source>Change only for a gateway in front of the API. Plain http is refused except to this computer. The key is stored per server host.</source>
        <translation>Cámbielo solo para una pasarela delante de la API. El http sin cifrar se rechaza salvo hacia este equipo. La clave se guarda por host de servidor.</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Use the s&amp;ystem&apos;s proxy settings</source>
        <translation>Usar la configuración de proxy del s&amp;istema</translation>
    </message>
    <message>
        <source>The https_proxy, http_proxy, all_proxy and no_proxy environment variables, else the desktop&apos;s network settings</source>
        <translation>Las variables de entorno https_proxy, http_proxy, all_proxy y no_proxy; si no, la configuración de red del escritorio</translation>
    </message>
    <message>
        <source>No pro&amp;xy: connect directly</source>
        <translation>Sin pro&amp;xy: conexión directa</translation>
    </message>
    <message>
        <source>Use this &amp;proxy:</source>
        <translation>Usar este &amp;proxy:</translation>
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
        <translation>Tipo de proxy</translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation>Host del proxy</translation>
    </message>
    <message>
        <source>proxy.example.com</source>
        <translation>proxy.example.com</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>Puerto del proxy</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Usuario del proxy</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Contraseña del proxy</translation>
    </message>
    <message>
        <source>This computer (the Sandbox, a local emulator) is always reached directly. The proxy password is kept in the system keychain.</source>
        <translation>Este equipo (el Sandbox, un emulador local) se alcanza siempre directamente. La contraseña del proxy se guarda en el llavero del sistema.</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Puerto:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Contrase&amp;ña:</translation>
    </message>
    <message>
        <source>Enter the proxy&apos;s host name, or choose another option.</source>
        <translation>Introduzca el nombre de host del proxy o elija otra opción.</translation>
    </message>
    <message>
        <source>The proxy password was NOT saved: %1. Batchboard keeps it only in the system keychain; clear the field to continue without it.</source>
        <translation>La contraseña del proxy NO se guardó: %1. Batchboard solo la guarda en el llavero del sistema; vacíe el campo para continuar sin ella.</translation>
    </message>
</context>
<context>
    <name>bb::TrayController</name>
    <message>
        <source>Show or hide Batchboard</source>
        <translation>Mostrar u ocultar Batchboard</translation>
    </message>
    <message>
        <source>Batchboard — no project open</source>
        <translation>Batchboard — ningún proyecto abierto</translation>
    </message>
    <message>
        <source>Batchboard — %1
%2</source>
        <translation>Batchboard — %1
%2</translation>
    </message>
    <message>
        <source>All batches are done</source>
        <translation>Todos los lotes están hechos</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) finished and their results are downloaded.</source>
        <translation>
            <numerusform>%n lote ha terminado y sus resultados están descargados.</numerusform>
            <numerusform>%n lotes han terminado y sus resultados están descargados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches need attention</source>
        <translation>Hay lotes que requieren atención</translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) failed, were cancelled or expired, or need you to act.</source>
        <translation>
            <numerusform>%n lote ha fallado, se ha cancelado o ha caducado, o requiere una acción suya.</numerusform>
            <numerusform>%n lotes han fallado, se han cancelado o han caducado, o requieren una acción suya.</numerusform>
        </translation>
    </message>
    <message>
        <source>Daily quota reached</source>
        <translation>Cuota diaria alcanzada</translation>
    </message>
    <message>
        <source>No more jobs can be created today. Batchboard tries again at %1.</source>
        <translation>Hoy no se pueden crear más trabajos. Batchboard lo volverá a intentar a las %1.</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>%1 needs a value</source>
        <translation>%1 necesita un valor</translation>
    </message>
    <message>
        <source>unknown option %1</source>
        <translation>opción desconocida %1</translation>
    </message>
    <message>
        <source>no command given</source>
        <translation>no se indicó ningún comando</translation>
    </message>
    <message>
        <source>unknown command %1</source>
        <translation>comando desconocido %1</translation>
    </message>
    <message>
        <source>run `batchboard-cli --help` for usage</source>
        <translation>ejecute `batchboard-cli --help` para ver el uso</translation>
    </message>
    <message>
        <source>%1 is open for writing in another program: %2. Close it there, or use a command that only reads (status, export).</source>
        <translation>%1 está abierto para escritura en otro programa: %2. Ciérrelo allí o use un comando que solo lea (status, export).</translation>
    </message>
    <message>
        <source>%1 was written by a newer Batchboard (schema %2); update Batchboard to open it. The file was not changed.</source>
        <translation>%1 lo escribió una versión más reciente de Batchboard (esquema %2); actualice Batchboard para abrirlo. El archivo no se ha modificado.</translation>
    </message>
    <message>
        <source>%1 is not a Batchboard project (%2). The file was not changed.</source>
        <translation>%1 no es un proyecto de Batchboard (%2). El archivo no se ha modificado.</translation>
    </message>
    <message>
        <source>%1 is damaged (%2).</source>
        <translation>%1 está dañado (%2).</translation>
    </message>
    <message>
        <source>cannot use %1: %2</source>
        <translation>no se puede usar %1: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: skipped (%2)</source>
        <translation>%1: omitido (%2)</translation>
    </message>
    <message>
        <source>%1 other files skipped (not .jsonl)</source>
        <translation>%1 archivos más omitidos (no son .jsonl)</translation>
    </message>
    <message>
        <source>no .jsonl files found in %1</source>
        <translation>no se encontraron archivos .jsonl en %1</translation>
    </message>
    <message>
        <source>%1: %2 more problems not shown</source>
        <translation>%1: %2 problemas más no mostrados</translation>
    </message>
    <message>
        <source>validate needs at least one file or folder</source>
        <translation>validate necesita al menos un archivo o una carpeta</translation>
    </message>
    <message>
        <source>%1 files, %2 requests, %3 bytes, %4 invalid
</source>
        <translation>%1 archivos, %2 solicitudes, %3 bytes, %4 no válidas
</translation>
    </message>
    <message>
        <source>import needs at least one file or folder</source>
        <translation>import necesita al menos un archivo o una carpeta</translation>
    </message>
    <message>
        <source>%1 added, %2 unchanged, %3 updated, %4 rejected
</source>
        <translation>%1 añadidos, %2 sin cambios, %3 actualizados, %4 rechazados
</translation>
    </message>
    <message>
        <source>import-report needs exactly one report file</source>
        <translation>import-report necesita exactamente un archivo de informe</translation>
    </message>
    <message>
        <source>%1 is too large to be a hand-over report</source>
        <translation>%1 es demasiado grande para ser un informe de traspaso</translation>
    </message>
    <message>
        <source>%1 jobs and %2 uploaded files adopted, %3 already known, %4 pending batches listed; Resume verifies them with the server
</source>
        <translation>%1 trabajos y %2 archivos subidos adoptados, %3 ya conocidos, %4 lotes pendientes listados; resume los verifica con el servidor
</translation>
    </message>
    <message>
        <source>export needs --out FILE</source>
        <translation>export necesita --out FILE</translation>
    </message>
    <message>
        <source>export failed, %1 was not written: %2</source>
        <translation>error al exportar, no se escribió %1: %2</translation>
    </message>
    <message>
        <source>%1 lines written to %2: %3 succeeded, %4 failed, %5 blocked, %6 without a result
</source>
        <translation>%1 líneas escritas en %2: %3 correctas, %4 fallidas, %5 bloqueadas, %6 sin resultado
</translation>
    </message>
    <message>
        <source>--spend-cap needs an amount in USD or &quot;none&quot;, not %1</source>
        <translation>--spend-cap necesita un importe en USD o «none», no %1</translation>
    </message>
    <message>
        <source>refusing base URL %1: %2</source>
        <translation>se rechaza la URL base %1: %2</translation>
    </message>
    <message>
        <source>no API key: set GEMINI_API_KEY or store one with the desktop app&apos;s Settings</source>
        <translation>no hay clave de API: defina GEMINI_API_KEY o guarde una en la Configuración de la aplicación de escritorio</translation>
    </message>
    <message>
        <source>no API key: the keychain could not be read (%1); set GEMINI_API_KEY instead</source>
        <translation>no hay clave de API: no se pudo leer el llavero (%1); defina GEMINI_API_KEY en su lugar</translation>
    </message>
    <message>
        <source>%1/%2 downloaded, %3 active jobs</source>
        <translation>%1/%2 descargados, %3 trabajos activos</translation>
    </message>
    <message>
        <source>, %1 waiting for quota</source>
        <translation>, %1 esperando cuota</translation>
    </message>
    <message>
        <source>, creates blocked (%1) until %2</source>
        <translation>, creación bloqueada (%1) hasta %2</translation>
    </message>
    <message>
        <source>, %1 need attention</source>
        <translation>, %1 requieren atención</translation>
    </message>
    <message>
        <source>, %1 waiting: spend cap</source>
        <translation>, %1 esperando: límite de gasto</translation>
    </message>
    <message>
        <source>%1 batches need attention (see `status`)</source>
        <translation>%1 lotes requieren atención (vea `status`)</translation>
    </message>
    <message>
        <source>blocked by the spend cap: %1 batches wait; raise it with resume --spend-cap USD
</source>
        <translation>bloqueado por el límite de gasto: %1 lotes esperan; súbalo con resume --spend-cap USD
</translation>
    </message>
    <message>
        <source>blocked until %1 (%2)
</source>
        <translation>bloqueado hasta %1 (%2)
</translation>
    </message>
    <message>
        <source>deleting %1 remote files no longer needed
</source>
        <translation>eliminando %1 archivos remotos que ya no hacen falta
</translation>
    </message>
    <message>
        <source>interrupted; run resume again to continue</source>
        <translation>interrumpido; ejecute resume de nuevo para continuar</translation>
    </message>
    <message>
        <source>%1: no batch, job or uploaded file found in this report; nothing was adopted</source>
        <translation>%1: no se encontró ningún lote, trabajo ni archivo subido en este informe; no se adoptó nada</translation>
    </message>
    <message>
        <source>tracking files read earlier</source>
        <translation>archivos de seguimiento leídos antes</translation>
    </message>
    <message>
        <source>tracking files read earlier: %1
</source>
        <translation>archivos de seguimiento leídos antes: %1
</translation>
    </message>
    <message>
        <source>%1: lists %2 local files and nothing on the server; nothing to adopt
</source>
        <translation>%1: enumera %2 archivos locales y nada en el servidor; no hay nada que adoptar
</translation>
    </message>
    <message>
        <source>--canary-minutes needs a number of minutes, not %1</source>
        <translation>--canary-minutes necesita un número de minutos, no %1</translation>
    </message>
    <message>
        <source>paused: %1
look at the results; run resume --continue-anyway to create the remaining jobs</source>
        <translation>en pausa: %1
revise los resultados; ejecute resume --continue-anyway para crear los trabajos restantes</translation>
    </message>
    <message>
        <source>could not list the key&apos;s models (%1); using %2 unchecked</source>
        <translation>no se pudieron listar los modelos de la clave (%1); se usa %2 sin comprobar</translation>
    </message>
    <message>
        <source>--model %1: this key offers no such model for batch jobs
available models: %2</source>
        <translation>--model %1: esta clave no ofrece ese modelo para trabajos por lotes
modelos disponibles: %2</translation>
    </message>
    <message>
        <source>
run resume --model NAME with one of: %1</source>
        <translation>
ejecute resume --model NOMBRE con uno de estos: %1</translation>
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
        <translation>Uso: batchboard-cli [opciones] COMANDO [ARGUMENTOS...]

Lleva carpetas de archivos JSONL de la API Gemini Batch hasta el último resultado descargado.

Comandos:
  import DIR|FILE...     añadir archivos JSONL al proyecto (en las carpetas se buscan *.jsonl)
  import-report FILE     adoptar trabajos y subidas de un informe markdown o un archivo de progreso JSON
  validate PATH...       comprobar archivos JSONL sin proyecto; sale con 1 si algo no es válido
  status [--json]        mostrar cada lote y los totales
  resume [--until-done]  subir, crear trabajos, consultar y descargar; sale con 0 cuando todos los lotes
                         están descargados, 3 si está bloqueado hasta una hora conocida, 2 ante un error fatal
  export --out FILE      una línea por clave de entrada, en orden de entrada: su respuesta o su error
  cancel [BATCH...]      cancelar los trabajos de los lotes indicados (todos si no se indica ninguno)
  cleanup                eliminar los archivos remotos que ya no hacen falta

Opciones (antes o después del comando):
  --project FILE         el archivo del proyecto (predeterminado: %1)
  --base-url URL         la URL base de la API (https; http solo para loopback)
  --model NAME           el modelo para trabajos nuevos, comprobado con los modelos de la clave (por defecto:
                         el modelo Flash estable más reciente de la clave, elegido en el primer resume)
  --proxy URL            el proxy de cada solicitud: http://[user:password@]host:port o
                         socks5://host:port; none: conexión directa; system: las variables
                         https_proxy/http_proxy/all_proxy/no_proxy o, si no, la configuración
                         de proxy del escritorio. Por defecto: Configuración › Conexión de la
                         aplicación de escritorio, si no system. Los hosts loopback nunca usan proxy
  --spend-cap USD|none   con resume: guardar primero el límite de gasto del proyecto (precio por lote);
                         no se crea ningún trabajo cuya estimación lo supere
  --canary-minutes N     con resume: el primer trabajo del proyecto se ejecuta solo hasta N
                         minutos (30 por defecto; 0 = desactivado), hasta que vuelva con respuesta
  --continue-anyway      con resume: continuar pese a un trabajo con la mayoría de líneas fallidas
  -h, --help             mostrar esta ayuda
  -v, --version          mostrar la versión

La clave de API se toma de la variable de entorno GEMINI_API_KEY o del llavero del sistema.
</translation>
    </message>
    <message>
        <source>--proxy needs http://[user:password@]host:port, none or system: %1</source>
        <translation>--proxy necesita http://[user:password@]host:port, none o system: %1</translation>
    </message>
    <message>
        <source>the proxy at %1 refused the user name and password: correct them with --proxy http://user:pass@host:port or in the desktop app&apos;s Settings</source>
        <translation>el proxy %1 rechazó el nombre de usuario y la contraseña: corríjalos con --proxy http://user:pass@host:port o en la Configuración de la aplicación de escritorio</translation>
    </message>
    <message>
        <source>the proxy at %1 requires a user name and password: set them with --proxy http://user:pass@host:port or in the desktop app&apos;s Settings</source>
        <translation>el proxy %1 requiere nombre de usuario y contraseña: indíquelos con --proxy http://user:pass@host:port o en la Configuración de la aplicación de escritorio</translation>
    </message>
    <message>
        <source>%1; check --proxy, the https_proxy, http_proxy, all_proxy and no_proxy variables, or the desktop app&apos;s Settings</source>
        <translation>%1; revise --proxy, las variables https_proxy, http_proxy, all_proxy y no_proxy, o la Configuración de la aplicación de escritorio</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Takes a folder of Gemini Batch API JSONL files to every result downloaded.</source>
        <translation>Lleva una carpeta de archivos JSONL de la API Gemini Batch hasta el último resultado descargado.</translation>
    </message>
    <message>
        <source>Run against the built-in emulator this time.</source>
        <translation>Ejecutar esta vez con el emulador integrado.</translation>
    </message>
    <message>
        <source>Benchmark: open the project offline (built-in emulator, nothing submitted), print the milliseconds to the first painted batch table and quit.</source>
        <translation>Benchmark: abrir el proyecto sin conexión (emulador integrado, no se envía nada), mostrar los milisegundos hasta la primera tabla de lotes dibujada y salir.</translation>
    </message>
    <message>
        <source>Project file to open (created if missing).</source>
        <translation>Archivo de proyecto que abrir (se crea si no existe).</translation>
    </message>
</context>
</TS>
