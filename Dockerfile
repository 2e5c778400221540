# Build: docker build -t external-endpoint-sync \
#   --build-arg SDK_DIGEST=sha256:... --build-arg RUNTIME_DIGEST=sha256:... .
# The base images are pinned by tag and digest; README.md ("The image") says how to look the
# digests up. The build fails until they are set, rather than build on whatever the tag is today.
ARG SDK_DIGEST=sha256:set-with-build-arg-SDK_DIGEST
ARG RUNTIME_DIGEST=sha256:set-with-build-arg-RUNTIME_DIGEST

FROM mcr.microsoft.com/dotnet/sdk:10.0@${SDK_DIGEST} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ExternalEndpointSync/ExternalEndpointSync.csproj src/ExternalEndpointSync/
RUN dotnet restore src/ExternalEndpointSync/ExternalEndpointSync.csproj --use-current-runtime
COPY src/ src/
RUN dotnet publish src/ExternalEndpointSync/ExternalEndpointSync.csproj -c Release --use-current-runtime --no-self-contained --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0@${RUNTIME_DIGEST}
WORKDIR /app
COPY --from=build /app ./
COPY config/ /app/config/
# The non-root user of the .NET images; the API server is reached through the service account.
# No HEALTHCHECK: Kubernetes ignores it and probes the pod itself.
USER $APP_UID
ENTRYPOINT ["dotnet", "ExternalEndpointSync.dll"]
# The worker, reading the ConfigMap deploy/ mounts; the CronJob overrides this with `sync --once`.
CMD ["run", "--config", "/etc/external-endpoint-sync/config.yaml"]
